// Meetings in the page: Meet now, the meeting panel that follows the dial-out to the user's phone
// from "Dialing out to" to "In the meeting" with Leave and its link to share, inviting colleagues,
// and Join offered for invitations and for meeting links (/m/<id>); the roster below the panel, and
// a number to dial into the meeting below it.
import { $, announce, el, toast } from './dom.js';
import { t } from './i18n.js';
import { formatDuration } from './call-words.js';
import { MeetingRoster } from './meeting-roster.js';

const endedShownMs = 8000;

export class Meetings {
  /**
   * `myName()` is the signed-in user's display name: the default subject of a Meet now; `me` their
   * username. `onEnded` runs when a way into a meeting ends (it is then in the call log).
   */
  constructor({ client, directory, me, myName, onEnded }) {
    this.client = client;
    this.directory = directory;
    this.myName = myName;
    this.onEnded = onEnded;
    this.current = null; // the last meeting_state
    this.offers = new Map(); // meeting_id -> { kind: invitation or link, title, detail }: Join offered
    this.linked = null; // the meeting of the link the page was opened at
    this.dialIn = null; // how to reach the current meeting by phone (its meeting_info's dial_in)
    this.dialInOf = null; // the meeting it was asked for
    this.timer = null;
    this.hideTimer = null;
    this.roster = new MeetingRoster({ root: $('meeting-roster'), send: (c) => this.send(c), me });
    $('meet-now').textContent = t('page.meet_now');
    $('meet-now').addEventListener('click', () => this.meetNow());
    $('meeting-leave').addEventListener('click', () => this.leave());
    // Invite buttons sit on contact rows wherever they are listed.
    document.addEventListener('click', (e) => {
      const invite = e.target.closest('button[data-invite]');
      if (invite) this.invite(invite.dataset.invite);
    });
    $('invitations').addEventListener('click', (e) => {
      const join = e.target.closest('button[data-join]');
      if (join) this.answerOffer(join.dataset.join, true);
      const decline = e.target.closest('button[data-decline]');
      if (decline) this.answerOffer(decline.dataset.decline, false);
    });
    $('meeting-copy-link').addEventListener('click', () => this.copyLink());
    this.addingNumber = null; // the number of an invite_number just sent: a refusal puts it back, by the field
    $('meeting-number').placeholder = t('page.meeting_add_number');
    $('meeting-number').setAttribute('aria-label', t('page.meeting_add_number_label'));
    $('meeting-dial-number').textContent = t('page.meeting_dial_number');
    $('meeting-add-number').addEventListener('submit', (e) => {
      e.preventDefault();
      this.inviteNumber($('meeting-number').value.trim());
    });
  }

  /** Sends a command; says so when it could not be sent. */
  send(command) {
    const error = this.client.send(command);
    if (error) toast(error.text);
    return !error;
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
    this.send({ type: 'meet_now', subject: t('page.meet_now_subject', { name: this.myName() }) });
  }

  /** Asks a colleague into the meeting the user is in: their pages show Join and Decline. */
  invite(username) {
    if (!this.active) return;
    const sent = this.send({ type: 'invite_to_meeting', meeting_id: this.current.meeting_id, username });
    if (sent) toast(t('page.invited', { name: this.directory.get(username).display_name }));
  }

  /** Dials an outside number into the meeting; the roster shows it ringing, a refusal shows by the field. */
  inviteNumber(number) {
    if (!this.active || !number) return;
    $('meeting-number-error').textContent = '';
    if (!this.send({ type: 'invite_number', meeting_id: this.current.meeting_id, number })) return;
    this.addingNumber = number;
    $('meeting-number').value = ''; // the roster shows it ringing; the field is free for the next
  }

  /** A refusal of the number being added, shown by its field; true when it was one. */
  handleError(event) {
    if (!this.addingNumber || event.field !== 'number' || event.code === 'number_not_joined') return false;
    $('meeting-number').value = this.addingNumber;
    this.addingNumber = null;
    $('meeting-number-error').textContent = event.text;
    return true;
  }

  handleInvitation(event) {
    if (event.state !== 'invited') return this.dropOffer(event.meeting_id);
    this.offers.set(event.meeting_id, {
      kind: 'invitation',
      title: t('page.invitation', { name: event.inviter_name || event.inviter_username, subject: event.subject }),
      detail: '',
    });
    return this.renderOffers();
  }

  /** The page was opened at a meeting link (/m/<id>): ask what the meeting is, then offer Join. */
  openLink(meetingId) {
    this.linked = meetingId;
    this.send({ type: 'get_meeting', meeting_id: meetingId });
  }

  handleInfo(event) {
    if (this.current && event.meeting_id === this.current.meeting_id) {
      this.dialIn = event.dial_in;
      this.render();
    }
    if (event.meeting_id !== this.linked) return;
    const details = event.dial_in.number ? t('page.meeting_dial_in_details', event.dial_in) : '';
    this.offers.set(event.meeting_id, {
      kind: 'link',
      title: t('page.meeting_link_title', { subject: event.subject }),
      detail: [event.organizer_name ? t('page.meeting_link_detail', { name: event.organizer_name }) : '', details]
        .filter(Boolean).join(' · '),
    });
    this.renderOffers();
  }

  /** Join or Decline (Not now, for a link) on an offer. */
  answerOffer(meetingId, join) {
    const offer = this.offers.get(meetingId);
    if (!offer) return;
    if (join && this.active) {
      toast(t('page.call_in_progress'));
      return;
    }
    if (join) this.send({ type: 'join_meeting', meeting_id: meetingId });
    else if (offer.kind === 'invitation') this.send({ type: 'decline_meeting', meeting_id: meetingId });
    // An invitation goes when the server says it was answered (in every tab); a link's offer at once.
    if (offer.kind === 'link') {
      this.linked = null;
      history.replaceState(null, '', '/');
      this.dropOffer(meetingId);
    }
  }

  dropOffer(meetingId) {
    this.offers.delete(meetingId);
    this.renderOffers();
  }

  renderOffers() {
    $('invitations').replaceChildren(...[...this.offers].map(([id, o]) => el('div', {
      className: `call-panel invitation ${o.kind}`, attrs: { 'data-meeting-id': id },
    }, [
      el('span', { className: 'call-icon', text: '☎', attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'call-text' }, [
        el('div', { className: 'call-title', text: o.title }),
        o.detail ? el('div', { className: 'call-detail', text: o.detail }) : null,
      ]),
      el('button', { className: 'accept', text: t('page.invitation_join'), attrs: { type: 'button', 'data-join': id } }),
      el('button', {
        className: 'danger',
        text: t(o.kind === 'link' ? 'page.meeting_link_dismiss' : 'page.invitation_decline'),
        attrs: { type: 'button', 'data-decline': id },
      }),
    ])));
  }

  /** Copies the meeting's link to share; where the clipboard is out of reach, shows it to copy by hand. */
  async copyLink() {
    if (!this.current) return;
    const link = `${location.origin}/m/${this.current.meeting_id}`;
    try {
      await navigator.clipboard.writeText(link);
      toast(t('page.meeting_link_copied', { link }));
    } catch {
      toast(t('page.meeting_link_is', { link }));
    }
  }

  leave() {
    if (!this.active) return;
    this.send({ type: 'hang_up', call_id: this.current.call_id });
  }

  /** Who is in the meeting the user is in (a roster of another meeting is a leftover: ignored). */
  handleRoster(event) {
    if (this.active && event.meeting_id === this.current.meeting_id) this.roster.handle(event);
  }

  handleState(event) {
    // In a meeting, the panel shows how others can dial in: asked for once per meeting.
    if (event.state === 'in_meeting' && this.dialInOf !== event.meeting_id) {
      this.dialInOf = event.meeting_id;
      this.dialIn = null;
      this.send({ type: 'get_meeting', meeting_id: event.meeting_id });
    }
    const changed = this.current?.state !== event.state || this.current?.call_id !== event.call_id;
    this.current = event;
    clearTimeout(this.hideTimer);
    clearInterval(this.timer);
    this.render();
    if (changed) announce($('meeting-title').textContent);
    $('app').classList.toggle('in-meeting', event.state === 'in_meeting');
    if (event.state === 'in_meeting') this.timer = setInterval(() => this.render(), 1000);
    if (event.state === 'ended') {
      this.roster.clear();
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
    const dialIn = $('meeting-dial-in');
    dialIn.hidden = m.state !== 'in_meeting' || !this.dialIn?.number;
    if (!dialIn.hidden) dialIn.textContent = t('page.meeting_dial_in_details', this.dialIn);
    $('meeting-copy-link').hidden = m.state !== 'in_meeting';
    const addNumber = $('meeting-add-number');
    if (m.state !== 'in_meeting' && !addNumber.hidden) $('meeting-number-error').textContent = '';
    addNumber.hidden = m.state !== 'in_meeting';
    $('meeting-copy-link').textContent = t('page.meeting_copy_link');
    const button = $('meeting-leave');
    button.hidden = m.state === 'ended';
    button.textContent = m.state === 'in_meeting' ? t('page.leave_meeting') : t('page.cancel');
  }
}
