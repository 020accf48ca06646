// The Schedule dialog: a subject, a day, a start and an end, and colleagues to invite, found by
// name as in the search box. The server checks it all; its refusal stays in the dialog.
import { $, el, toast } from './dom.js';
import { t } from './i18n.js';

const scheduleFields = new Set(['subject', 'starts_at', 'ends_at', 'invitees']);

/** "2026-12-03" and "14:00" in local time, as date and time inputs take them. */
function localDay(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function localTime(d) {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class ScheduleDialog {
  /** `me`: the signed-in username (never offered as an invitee). */
  constructor({ client, me }) {
    this.client = client;
    this.me = me;
    this.invitees = new Map(); // username -> display name
    this.pending = null; // the subject sent, until the server answers
    this.known = new Set(); // ids of the meetings in the last list, to tell which one is new
    this.searches = 0;
    this.latestSearch = null;
    $('schedule-button').textContent = t('page.schedule');
    $('schedule-title').textContent = t('page.schedule_title');
    $('schedule-subject-label').textContent = t('page.schedule_subject');
    $('schedule-date-label').textContent = t('page.schedule_date');
    $('schedule-start-label').textContent = t('page.schedule_start');
    $('schedule-end-label').textContent = t('page.schedule_end');
    $('schedule-people-label').textContent = t('page.schedule_invitees');
    $('schedule-cancel').textContent = t('page.cancel');
    $('schedule-submit').textContent = t('page.schedule_submit');
    $('schedule-button').addEventListener('click', () => this.open());
    $('schedule-cancel').addEventListener('click', () => $('schedule-dialog').close());
    $('schedule-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    $('schedule-people').addEventListener('input', () => this.search());
    $('schedule-found').addEventListener('click', (e) => {
      const add = e.target.closest('button[data-add]');
      if (!add) return;
      this.invitees.set(add.dataset.add, add.dataset.name);
      $('schedule-people').value = '';
      $('schedule-found').replaceChildren();
      this.renderInvitees();
    });
    $('schedule-invitees').addEventListener('click', (e) => {
      const drop = e.target.closest('button[data-drop]');
      if (!drop) return;
      this.invitees.delete(drop.dataset.drop);
      this.renderInvitees();
    });
  }

  /** Opens with the next full hour, for an hour. */
  open() {
    const start = new Date();
    start.setHours(start.getHours() + 1, 0, 0, 0);
    const end = new Date(start.getTime() + 3600 * 1000);
    $('schedule-subject').value = '';
    $('schedule-date').value = localDay(start);
    $('schedule-start').value = localTime(start);
    $('schedule-end').value = localTime(end);
    $('schedule-people').value = '';
    $('schedule-found').replaceChildren();
    $('schedule-error').textContent = '';
    $('schedule-submit').disabled = false;
    this.invitees.clear();
    this.pending = null;
    this.renderInvitees();
    $('schedule-dialog').showModal();
  }

  submit() {
    const day = $('schedule-date').value;
    const startsAt = new Date(`${day}T${$('schedule-start').value}`).getTime();
    let endsAt = new Date(`${day}T${$('schedule-end').value}`).getTime();
    if (endsAt <= startsAt) endsAt += 24 * 3600 * 1000; // an end before the start is the next day's
    const subject = $('schedule-subject').value.trim();
    const error = this.client.send({
      type: 'schedule_meeting', subject, starts_at: startsAt, ends_at: endsAt, invitees: [...this.invitees.keys()],
    });
    if (error) {
      $('schedule-error').textContent = error.text;
      return;
    }
    this.pending = subject;
    $('schedule-submit').disabled = true;
  }

  search() {
    const query = $('schedule-people').value.trim();
    if (!query) {
      $('schedule-found').replaceChildren();
      return;
    }
    this.latestSearch = `schedule-${++this.searches}`;
    this.client.send({ type: 'search', request_id: this.latestSearch, query: query.slice(0, 100) });
  }

  /** A `search_results` event: ours when it answers the latest search typed here. */
  handleResults(event) {
    if (event.request_id !== this.latestSearch) return;
    const found = event.results.filter((c) => c.username !== this.me && !this.invitees.has(c.username)).slice(0, 5);
    $('schedule-found').replaceChildren(...found.map((c) => el('li', {}, [
      el('button', {
        className: 'link-button',
        text: c.display_name || c.username,
        attrs: { type: 'button', 'data-add': c.username, 'data-name': c.display_name || c.username },
      }),
    ])));
  }

  renderInvitees() {
    $('schedule-invitees').replaceChildren(...[...this.invitees].map(([username, name]) => el('li', {
      className: 'chip', attrs: { 'data-username': username },
    }, [
      el('span', { text: name }),
      el('button', {
        className: 'link-button', text: '×',
        attrs: { type: 'button', 'data-drop': username, 'aria-label': t('page.schedule_drop', { name }) },
      }),
    ])));
  }

  /** A `meetings` list: one of mine that is new in it is what was sent (others' schedules change it too). */
  handleMeetings(event) {
    const made = event.meetings.some((m) => m.organizer_username === this.me && !this.known.has(m.meeting_id));
    this.known = new Set(event.meetings.map((m) => m.meeting_id));
    if (this.pending === null || !made) return;
    toast(t('page.scheduled', { subject: this.pending }));
    this.pending = null;
    $('schedule-dialog').close();
  }

  /** An `error` about the schedule: keep the dialog open and say why. Returns whether it was ours. */
  handleError(event) {
    if (this.pending === null || !scheduleFields.has(event.field)) return false;
    this.pending = null;
    $('schedule-submit').disabled = false;
    $('schedule-error').textContent = event.text;
    return true;
  }
}
