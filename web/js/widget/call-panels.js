// The widget's two call panels: the call placed from it (Cancel or Hang up, a running time once
// connected) and an incoming call (Accept, Decline, Hang up), each in the words the page uses. A
// screen reader hears each new state once, through `announce`, not every tick of the timer.
import { incomingCallWords, placedCallWords } from '../call-words.js';
import { t } from '../i18n.js';

const endedShownMs = 8000;

/** A panel that follows one kind of call event, re-rendering each second while connected. */
class CallPanel {
  /** `report(error)` shows a command's error ({ text }) when there is one. */
  constructor({ root, client, announce, report, eventType, current, words }) {
    this.root = root;
    this.client = client;
    this.announce = announce;
    this.report = report;
    this.current = current;
    this.words = words;
    this.timer = null;
    this.hideTimer = null;
    root.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      const call = this.current();
      if (button && call) this.report(this.act(button.dataset.action, call));
    });
    client.addEventListener(eventType, (e) => this.show(e.detail));
  }

  show(call) {
    clearInterval(this.timer);
    clearTimeout(this.hideTimer);
    this.render(call);
    if (this.client.calls.changed) {
      const { title, detail } = this.words(call);
      this.announce(call.state === 'ended' ? `${title}. ${detail}` : title);
    }
    if (call.state === 'connected') this.timer = setInterval(() => this.render(call), 1000);
    if (call.state === 'ended') this.hideTimer = setTimeout(() => { this.root.hidden = true; }, endedShownMs);
  }

  render(call) {
    const { title, detail } = this.words(call);
    this.root.hidden = false;
    this.root.className = `call-panel ${this.kind} ${call.state}`;
    this.root.querySelector('.call-title').textContent = title;
    this.root.querySelector('.call-detail').textContent = detail;
    for (const button of this.root.querySelectorAll('button[data-action]')) button.hidden = !this.offers(button.dataset.action, call);
  }
}

/** The call placed from the widget (or from the page in another tab: the server tells every tab). */
export class PlacedCallPanel extends CallPanel {
  constructor({ root, client, announce, report }) {
    super({
      root, client, announce, report, eventType: 'call_state', current: () => client.calls.current, words: placedCallWords,
    });
    this.kind = 'placed';
  }

  offers(action, call) {
    return action === 'hang_up' && call.state !== 'ended';
  }

  render(call) {
    super.render(call);
    this.root.querySelector('[data-action="hang_up"]').textContent = call.state === 'connected' ? t('page.hang_up') : t('page.cancel');
  }

  act(action, call) {
    return call.state === 'ended' ? null : this.client.hangUp(call.call_id);
  }
}

/** A call for the user: Accept or Decline while it rings, Hang up once connected. */
export class IncomingCallPanel extends CallPanel {
  constructor({ root, client, announce, report }) {
    super({
      root, client, announce, report, eventType: 'incoming_call', current: () => client.calls.lastIncoming, words: incomingCallWords,
    });
    this.kind = 'incoming';
  }

  offers(action, call) {
    // Decline backs out after Accept too, until the desk phone is picked up.
    const unanswered = call.state === 'ringing' || call.state === 'accepted';
    return { accept: call.state === 'ringing', decline: unanswered, hang_up: call.state === 'connected' }[action];
  }

  act(action, call) {
    if (!this.offers(action, call)) return null;
    if (action === 'accept') return this.client.acceptCall(call.call_id);
    if (action === 'decline') return this.client.declineCall(call.call_id);
    return this.client.hangUp(call.call_id);
  }
}
