// Meetings in the page: Meet now, and the meeting panel that follows the dial-out to the user's
// phone from "Dialing out to" to "In the meeting", with Leave.
import { $, toast } from './dom.js';
import { t } from './i18n.js';
import { formatDuration } from './calls.js';

const endedShownMs = 8000;

export class Meetings {
  /**
   * `myName()` is the signed-in user's display name: the default subject of a Meet now. `onEnded`
   * runs when a way into a meeting ends (it is then in the call log).
   */
  constructor({ connection, myName, onEnded }) {
    this.connection = connection;
    this.myName = myName;
    this.onEnded = onEnded;
    this.current = null; // the last meeting_state
    this.timer = null;
    this.hideTimer = null;
    $('meet-now').textContent = t('page.meet_now');
    $('meet-now').addEventListener('click', () => this.meetNow());
    $('meeting-leave').addEventListener('click', () => this.leave());
  }

  get active() {
    return this.current !== null && this.current.state !== 'ended';
  }

  /** One click: a meeting named after the user, and their phone dialled into it. */
  meetNow() {
    if (this.active) {
      toast(t('page.call_in_progress'));
      return;
    }
    const error = this.connection.send({ type: 'meet_now', subject: t('page.meet_now_subject', { name: this.myName() }) });
    if (error) toast(error.text);
  }

  leave() {
    if (!this.active) return;
    const error = this.connection.send({ type: 'hang_up', call_id: this.current.call_id });
    if (error) toast(error.text);
  }

  handleState(event) {
    this.current = event;
    clearTimeout(this.hideTimer);
    clearInterval(this.timer);
    this.render();
    if (event.state === 'in_meeting') this.timer = setInterval(() => this.render(), 1000);
    if (event.state === 'ended') {
      this.hideTimer = setTimeout(() => { $('meeting-panel').hidden = true; }, endedShownMs);
      this.onEnded();
    }
  }

  render() {
    const m = this.current;
    const panel = $('meeting-panel');
    panel.hidden = false;
    panel.className = `call-panel meeting ${m.state}`;
    $('meeting-title').textContent = t(`meeting.title.${m.state}`, { number: m.number });
    const detail = {
      dialing_out: () => t('meeting.detail.dialing_out', { subject: m.subject }),
      in_meeting: () => t('meeting.detail.in_meeting', { subject: m.subject, duration: formatDuration(Date.now() - m.joined_at) }),
      ended: () => m.text ?? '',
    }[m.state] ?? (() => t('meeting.detail.waiting', { subject: m.subject }));
    $('meeting-detail').textContent = detail();
    const button = $('meeting-leave');
    button.hidden = m.state === 'ended';
    button.textContent = m.state === 'in_meeting' ? t('page.leave_meeting') : t('page.cancel');
  }
}
