// The Meetings list: scheduled meetings the user organizes or is invited to, soonest first, with
// Join, Add to calendar (an .ics file), Copy link, Decline for invitations, and Dial in: the
// bridge number, conference ID and PIN, and a click-to-call to the bridge from the user's phone.
import { $, el, toast } from './dom.js';
import { t, currentLanguage } from './i18n.js';

export class MeetingList {
  /** `send(command)` returns whether it went; `me`: the signed-in username; `inMeeting()`: already in one. */
  constructor({ send, me, inMeeting }) {
    this.send = send;
    this.me = me;
    this.inMeeting = inMeeting;
    this.meetings = [];
    this.dialInShown = new Set(); // meeting ids whose dial-in details are open
    $('meeting-list').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (button) this.act(button.dataset.action, button.dataset.meeting);
    });
  }

  act(action, meetingId) {
    if (action === 'join') {
      if (this.inMeeting()) return toast(t('page.call_in_progress'));
      return this.send({ type: 'join_meeting', meeting_id: meetingId });
    }
    if (action === 'calendar') return this.send({ type: 'get_meeting_calendar', meeting_id: meetingId });
    if (action === 'decline') return this.send({ type: 'decline_meeting', meeting_id: meetingId });
    if (action === 'copy') return this.copyLink(meetingId);
    if (action === 'dial-in') {
      if (!this.dialInShown.delete(meetingId)) this.dialInShown.add(meetingId);
      return this.render();
    }
    if (action === 'call-in') {
      // The user's phone rings, then the bridge answers it; they key the ID and PIN shown.
      if (this.inMeeting()) return toast(t('page.call_in_progress'));
      const meeting = this.meetings.find((m) => m.meeting_id === meetingId);
      if (meeting) this.send({ type: 'place_call', destination: meeting.dial_in.number });
    }
    return undefined;
  }

  async copyLink(meetingId) {
    const link = `${location.origin}/m/${meetingId}`;
    try {
      await navigator.clipboard.writeText(link);
      toast(t('page.meeting_link_copied', { link }));
    } catch {
      toast(t('page.meeting_link_is', { link }));
    }
  }

  handle(event) {
    this.meetings = event.meetings;
    this.render();
  }

  /** A `meeting_calendar` event: the .ics file to save. */
  static save(event) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([event.ics], { type: 'text/calendar' }));
    link.download = event.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  render() {
    const day = new Intl.DateTimeFormat(currentLanguage(), { weekday: 'short', day: 'numeric', month: 'short' });
    const time = new Intl.DateTimeFormat(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
    $('meeting-list-empty').hidden = this.meetings.length > 0;
    $('meeting-list-empty').textContent = t('page.meeting_list_empty');
    $('meeting-list').replaceChildren(...this.meetings.map((m) => {
      const mine = m.organizer_username === this.me;
      const when = t('page.meeting_when', {
        day: day.format(new Date(m.starts_at)), start: time.format(new Date(m.starts_at)), end: time.format(new Date(m.ends_at)),
      });
      const detail = mine ? when : `${when} · ${t('page.meeting_organized_by', { name: m.organizer_name })}`;
      const button = (action, text, className = 'link-button') => el('button', {
        className, text, attrs: { type: 'button', 'data-action': action, 'data-meeting': m.meeting_id },
      });
      const bridge = m.dial_in.number !== '';
      const dialIn = bridge && this.dialInShown.has(m.meeting_id)
        ? el('div', { className: 'scheduled-dial-in' }, [
          el('span', { text: t('page.meeting_dial_in_details', m.dial_in) }),
          button('call-in', t('page.meeting_call_in')),
        ])
        : null;
      return el('li', { className: 'scheduled-meeting', attrs: { 'data-meeting-id': m.meeting_id } }, [
        el('div', { className: 'scheduled-text' }, [
          el('div', { className: 'scheduled-subject', text: m.subject }),
          el('div', { className: 'scheduled-when', text: detail }),
          dialIn,
        ]),
        el('div', { className: 'scheduled-actions' }, [
          button('join', t('page.invitation_join'), 'call-button'),
          button('calendar', t('page.meeting_calendar')),
          button('copy', t('page.meeting_copy_link')),
          bridge ? button('dial-in', t('page.meeting_dial_in')) : null,
          mine ? null : button('decline', t('page.invitation_decline')),
        ]),
      ]);
    }));
  }
}
