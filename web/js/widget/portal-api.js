// What a portal may ask of the widget, and what it hears back: sign-in state, call states and
// incoming calls, never more. A call the portal asks for (not one clicked in the widget) shows the
// confirm step with its destination before anything is dialled, unless the portal is configured
// with confirm_calls = false. Every command with an id is answered with result { id, ok, error }.
import { destinationOf } from '../client/destination.js';
import { apiVersion, callStateMessage, incomingCallMessage, resultMessage, widgetMessage } from './messages.js';

const placeAnswerMs = 15000;
const noCall = { code: 'no_call' };

export class PortalApi {
  /**
   * `confirm(destination)` resolves to whether the user said Call; `labels` ({ open, close, title })
   * go to the loader with ready, for its button and the frame; `onOpen()` runs when the portal
   * opened the widget.
   */
  constructor({ link, confirmCalls, confirm, labels, onOpen = () => {} }) {
    this.link = link;
    this.confirmCalls = confirmCalls;
    this.confirm = confirm;
    this.labels = labels;
    this.onOpen = onOpen;
    this.client = null;
    this.me = null;        // welcome's self, once the client is connected
    this.placing = null;   // { id, before, timer }: a call the portal asked for, sent, not yet answered
    this.unlisten = [];
  }

  /** Signed in: commands go to `client`, and the portal hears its call events. */
  attach(client) {
    this.detach();
    this.client = client;
    const on = (type, listener) => {
      client.addEventListener(type, listener);
      this.unlisten.push(() => client.removeEventListener(type, listener));
    };
    on('welcome', (e) => {
      if (this.me) return; // a reconnect: the portal knows already
      this.me = e.detail.self;
      this.post('signed_in', { username: this.me.username, display_name: this.me.display_name });
    });
    on('call_state', (e) => {
      if (client.calls.changed) this.link.post(callStateMessage(e.detail));
      if (this.placing && e.detail.call_id !== this.placing.before) this.settlePlacing(null);
    });
    on('incoming_call', (e) => {
      if (!client.calls.changed) return;
      this.link.post(incomingCallMessage(e.detail));
      if (e.detail.state === 'ringing') this.post('open');
    });
    on('error', (e) => this.settlePlacing(e.detail.code));
  }

  /** Signed out: the portal hears it, and nothing more goes to the old client. */
  detach() {
    for (const unlisten of this.unlisten.splice(0)) unlisten();
    this.settlePlacing('signed_out');
    if (this.me) this.post('signed_out');
    this.client = null;
    this.me = null;
  }

  /** A checked message from the portal (token excepted: the sign-in takes it). */
  handle(message) {
    switch (message.type) {
      case 'init':
        this.post('ready', { version: apiVersion, labels: this.labels });
        if (this.me) this.post('signed_in', { username: this.me.username, display_name: this.me.display_name });
        return;
      case 'call': this.call(message); return;
      case 'hang_up': this.answer(message.id, this.act((c) => {
        const call = c.calls.callInProgress ? c.calls.current
          : [...c.calls.incoming.values()].find((i) => i.state === 'accepted' || i.state === 'connected');
        return call ? c.hangUp(call.call_id) : noCall;
      })); return;
      case 'answer': this.answer(message.id, this.act((c) => (c.calls.ringing ? c.acceptCall(c.calls.ringing.call_id) : noCall))); return;
      case 'decline': this.answer(message.id, this.act((c) => (c.calls.ringing ? c.declineCall(c.calls.ringing.call_id) : noCall))); return;
      case 'set_presence': this.answer(message.id, this.act((c) => c.setPresence(message.state))); return;
      case 'open':
        this.onOpen();
        this.answer(message.id, null);
        return;
      case 'close': this.answer(message.id, null); return;
      default: this.answer(message.id, 'bad_message');
    }
  }

  /** Runs `command(client)` when signed in; the error code that kept it back, or null. */
  act(command) {
    if (!this.client) return 'not_signed_in';
    return command(this.client)?.code ?? null;
  }

  /** A call asked for by the portal: the widget opens, asks the user, then dials. */
  async call({ id, to }) {
    const destination = destinationOf(to);
    const client = this.client;
    if (!destination) return this.answer(id, 'bad_destination');
    if (!client) return this.answer(id, 'not_signed_in');
    if (this.placing || client.calls.callInProgress) return this.answer(id, 'call_in_progress');
    this.post('open');
    if (this.confirmCalls && !(await this.confirm(destination))) return this.answer(id, 'cancelled');
    if (this.client !== client) return this.answer(id, 'not_signed_in');
    const error = client.placeCall(destination);
    if (error) return this.answer(id, error.code);
    // The server answers with the call's first state, or with an error event before dialling.
    const timer = setTimeout(() => this.settlePlacing('timeout'), placeAnswerMs);
    this.placing = { id, before: client.calls.current?.call_id, timer };
    return undefined;
  }

  settlePlacing(error) {
    if (!this.placing) return;
    clearTimeout(this.placing.timer);
    const { id } = this.placing;
    this.placing = null;
    this.answer(id, error);
  }

  answer(id, error) {
    if (id !== undefined && id !== null) this.link.post(resultMessage(id, error));
  }

  post(type, fields) {
    this.link.post(widgetMessage(type, fields));
  }
}
