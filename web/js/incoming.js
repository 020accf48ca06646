// Incoming calls in the page: who is calling, Accept and Decline, the call while it lasts, and a
// badge counting calls missed since the user last looked at Recent calls.
import { $, toast } from './dom.js';
import { t } from './i18n.js';
import { incomingCallWords } from './call-words.js';

const endedShownMs = 8000;
const baseTitle = document.title;

export class IncomingCalls {
  /** onTaken(call): the call was taken (Accept or the desk phone); onEnded(call): it is over. */
  constructor({ client, onTaken, onEnded }) {
    this.client = client;
    this.onTaken = onTaken;
    this.onEnded = onEnded;
    this.current = null;
    this.timer = null;
    this.hideTimer = null;
    this.missed = 0;
    $('incoming-accept').addEventListener('click', () => this.send('accept_call'));
    $('incoming-decline').addEventListener('click', () => this.send('decline_call'));
    $('incoming-hang-up').addEventListener('click', () => this.send('hang_up'));
    $('recent-calls-section').addEventListener('click', () => this.clearMissed());
  }

  send(type) {
    if (!this.current) return;
    const error = this.client.send({ type, call_id: this.current.call_id });
    if (error) toast(error.text);
  }

  handle(event) {
    const before = this.current?.call_id === event.call_id ? this.current.state : null;
    this.current = event;
    clearTimeout(this.hideTimer);
    clearInterval(this.timer);
    this.render();
    if (event.state === 'connected') this.timer = setInterval(() => this.render(), 1000);
    const taken = event.state === 'accepted' || event.state === 'connected';
    if (taken && (before === null || before === 'ringing')) this.onTaken(event);
    if (event.state === 'ended') {
      if (event.outcome === 'missed') this.countMissed();
      this.hideTimer = setTimeout(() => { $('incoming-panel').hidden = true; }, endedShownMs);
      this.onEnded(event);
    }
  }

  /** One more missed call for the badge (rung in the page, or only on the desk phone). */
  countMissed() { this.setMissed(this.missed + 1); }

  render() {
    const c = this.current;
    const words = incomingCallWords(c);
    const panel = $('incoming-panel');
    panel.hidden = false;
    panel.className = `call-panel incoming ${c.state}`;
    $('incoming-title').textContent = words.title;
    $('incoming-detail').textContent = words.detail;
    $('incoming-accept').hidden = c.state !== 'ringing';
    $('incoming-decline').hidden = c.state !== 'ringing';
    $('incoming-hang-up').hidden = c.state !== 'connected';
  }

  setMissed(count) {
    this.missed = count;
    const badge = $('missed-badge');
    badge.hidden = count === 0;
    badge.textContent = t('page.missed_badge', { count });
    document.title = count ? `(${count}) ${baseTitle}` : baseTitle;
  }

  clearMissed() {
    if (this.missed) this.setMissed(0);
  }
}
