// The roster of the meeting the user is in, under the meeting panel: who is in it or on the way,
// who is muted and who is talking, Mute and Unmute for oneself, and for the organizer Mute and
// Remove on others and End for everyone. The server decides who may do what; the page only offers what it would allow.
import { el, initials } from './dom.js';
import { t } from './i18n.js';

export class MeetingRoster {
  /** `root`: the element to render into; `send(command)`: to the server; `me`: the signed-in username. */
  constructor({ root, send, me }) {
    this.root = root;
    this.send = send;
    this.me = me;
    this.roster = null; // the last meeting_roster
    root.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (button && this.roster) this.act(button.dataset.action, button.dataset.participant);
    });
  }

  act(action, participantId) {
    const meetingId = this.roster.meeting_id;
    const command = {
      mute: { type: 'mute_participant', meeting_id: meetingId, participant_id: participantId, muted: true },
      unmute: { type: 'mute_participant', meeting_id: meetingId, participant_id: participantId, muted: false },
      remove: { type: 'remove_participant', meeting_id: meetingId, participant_id: participantId },
      end: { type: 'end_meeting', meeting_id: meetingId },
    }[action];
    if (command) this.send(command);
  }

  handle(event) {
    this.roster = event;
    this.render();
  }

  clear() {
    this.roster = null;
    this.render();
  }

  render() {
    const r = this.roster;
    this.root.hidden = !r;
    if (!r) return this.root.replaceChildren();
    const organizer = r.organizer_username === this.me;
    const rows = r.participants.map((p) => this.row(p, organizer, r.organizer_username));
    return this.root.replaceChildren(
      el('div', { className: 'roster-head' }, [
        el('h2', { className: 'section-title', text: `${t('page.roster_heading')} (${r.participants.length})` }),
        organizer ? el('button', {
          className: 'danger', text: t('page.end_meeting'), attrs: { type: 'button', 'data-action': 'end', id: 'meeting-end' },
        }) : null,
      ]),
      el('ul', { className: 'roster-list' }, rows),
    );
  }

  row(p, organizer, organizerUsername) {
    const self = p.username === this.me;
    const inMeeting = p.state === 'in_meeting';
    const notes = [
      p.username === organizerUsername ? t('page.roster_organizer') : '',
      inMeeting ? '' : t(`meeting.participant.${p.state}`),
      p.muted ? t('page.roster_muted') : '',
      p.talking ? t('page.roster_talking') : '',
    ].filter(Boolean).join(' · ');
    const button = (action, text, label) => el('button', {
      className: action === 'remove' ? 'link-button danger-text' : 'link-button',
      text,
      attrs: { type: 'button', 'data-action': action, 'data-participant': p.participant_id, 'aria-label': label },
    });
    const buttons = [];
    if (inMeeting && self) {
      buttons.push(p.muted ? button('unmute', t('page.unmute'), t('page.unmute'))
        : button('mute', t('page.mute'), t('page.mute')));
    } else if (inMeeting && organizer && !p.muted) {
      buttons.push(button('mute', t('page.mute'), t('page.mute_someone', { name: p.name })));
    }
    if (organizer && !self) buttons.push(button('remove', t('page.remove_participant'), t('page.remove_someone', { name: p.name })));
    return el('li', {
      className: `roster-entry ${p.state}${p.muted ? ' muted' : ''}${p.talking ? ' talking' : ''}`,
      attrs: { 'data-participant': p.participant_id, 'data-username': p.username },
    }, [
      el('span', { className: 'avatar', text: initials(p.name || p.username), attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'roster-text' }, [
        el('div', { className: 'roster-name', text: self ? t('page.roster_you', { name: p.name }) : p.name }),
        notes ? el('div', { className: 'roster-note', text: notes }) : null,
      ]),
      ...buttons,
    ]);
  }
}
