// Incoming calls in the page: who is calling, Accept and Decline, the call while it lasts, and a
// badge counting calls missed since the user last looked at Recent calls. A ringing call is hard
// to miss: it rings in the page, shows a desktop notification, marks the tab, and takes the focus
// (Enter accepts, Escape declines); after Accept the user can still back out until the desk
// phone is picked up.
import { $, toast } from './dom.js';
import { t } from './i18n.js';
import { incomingCallWords } from './call-words.js';
import { RingTone } from './ring-tone.js';
import { notifyRinging } from './call-notice.js';
import { showMissed, showRinging } from './tab-title.js';

const endedShownMs = 8000;

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
    this.tone = new RingTone();
    this.closeNotice = () => {};
    $('incoming-accept').addEventListener('click', () => this.send('accept_call'));
    $('incoming-decline').addEventListener('click', () => this.send('decline_call'));
    $('incoming-hang-up').addEventListener('click', () => this.send('hang_up'));
    $('incoming-panel').addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.unanswered()) {
        e.preventDefault();
        this.send('decline_call');
      }
    });
    $('recent-calls-section').addEventListener('click', () => this.clearMissed());
    // Sound needs a gesture first; any click or key in the page readies it for the next call.
    for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, () => this.tone.prepare(), { passive: true });
  }

  unanswered() { return this.current?.state === 'ringing' || this.current?.state === 'accepted'; }

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
    if (event.state === 'ringing' && before !== 'ringing') this.startRinging();
    if (event.state !== 'ringing') this.stopRinging();
    // Accept hides itself: the focus goes to Decline, the way back out.
    if (event.state === 'accepted' && before === 'ringing' && document.activeElement === document.body) {
      $('incoming-decline').focus();
    }
    if (event.state === 'connected') this.timer = setInterval(() => this.render(), 1000);
    const taken = event.state === 'accepted' || event.state === 'connected';
    if (taken && (before === null || before === 'ringing')) this.onTaken(event);
    if (event.state === 'ended') {
      if (event.outcome === 'missed') this.countMissed();
      this.hideTimer = setTimeout(() => { $('incoming-panel').hidden = true; }, endedShownMs);
      this.onEnded(event);
    }
  }

  startRinging() {
    const words = incomingCallWords(this.current);
    this.tone.start();
    showRinging(words.title);
    this.closeNotice = notifyRinging({ title: words.title, body: words.detail, tag: this.current.call_id });
    $('incoming-accept').focus();
  }

  stopRinging() {
    this.tone.stop();
    showRinging('');
    this.closeNotice();
    this.closeNotice = () => {};
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
    $('incoming-decline').hidden = !this.unanswered();
    $('incoming-hang-up').hidden = c.state !== 'connected';
  }

  setMissed(count) {
    this.missed = count;
    const badge = $('missed-badge');
    badge.hidden = count === 0;
    badge.textContent = t('page.missed_badge', { count });
    showMissed(count);
  }

  clearMissed() {
    if (this.missed) this.setMissed(0);
  }
}
