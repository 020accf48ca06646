// What the client knows about the user's calls, kept from the server's events: the click-to-call
// placed from here, the incoming calls still going, the latest page of recent calls, and whether
// calls can be placed at all. No DOM, no timers.

export class CallsStore {
  constructor() {
    this.current = null;       // the last call_state
    this.incoming = new Map(); // call_id -> the last incoming_call of each call not ended yet
    this.lastIncoming = null;  // the last incoming_call, ended or not
    this.recent = null;        // the last recent_calls
    this.available = false;    // from call_service
    this.unavailableText = ''; // why not, in words, while unavailable
    this.changed = false;      // whether the event last applied changed what a person sees of a call
  }

  /** A call placed from here is still going: the server would refuse a second one. */
  get callInProgress() {
    return this.current !== null && this.current.state !== 'ended';
  }

  /** The newest incoming call still ringing, or null. */
  get ringing() {
    return [...this.incoming.values()].filter((c) => c.state === 'ringing').at(-1) ?? null;
  }

  /**
   * Takes a server event in; returns whether it was about calls. A call_state or incoming_call that
   * repeats the state already known (the server sends calling_own_phone again once the phone rings)
   * leaves `changed` false, so a view announces each state once.
   */
  apply(event) {
    switch (event.type) {
      case 'call_state':
        this.changed = isNewState(this.current, event);
        this.current = event;
        return true;
      case 'incoming_call':
        this.changed = isNewState(this.incoming.get(event.call_id) ?? this.lastIncoming, event);
        this.lastIncoming = event;
        if (event.state === 'ended') this.incoming.delete(event.call_id);
        else this.incoming.set(event.call_id, event);
        return true;
      case 'recent_calls':
        this.changed = true;
        this.recent = event;
        return true;
      case 'call_service':
        this.changed = this.available !== event.available;
        this.available = event.available;
        this.unavailableText = event.available ? '' : (event.text ?? ''); // why, in words
        return true;
      default:
        return false;
    }
  }
}

function isNewState(before, event) {
  return !before || before.call_id !== event.call_id || before.state !== event.state;
}
