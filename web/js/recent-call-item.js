// One entry of Recent calls: who (name and number), which way and how it went (and for how long),
// when. A button holding the number in data-number (and the entry's id in data-id) opens the call's
// details in the page, or asks before calling again in the widget; a way into a meeting, whose
// number is the user's own phone, is no button.
import { el } from './dom.js';
import { currentLanguage, t } from './i18n.js';
import { formatDuration } from './call-words.js';

/** A time today as hours and minutes, an earlier one as its date. */
function when(ms) {
  const d = new Date(ms);
  const today = d.toDateString() === new Date().toDateString();
  return today ? d.toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(currentLanguage());
}

const meetingWords = { meeting: 'page.recent_in_meeting', meeting_dial_in: 'page.recent_dialled_in' };

export const isMeetingCall = (c) => c.direction in meetingWords;

/** The name to show, or the number when there is none (an outside caller, a refused number). */
export const callPeer = (c) => c.peer_name || c.number;

/** The number, when the name hides it: a colleague called by name logs their username instead. */
export const shownNumber = (c) => (c.peer_name && /\d/.test(c.number) ? c.number : '');

/** ↗ or ↙, read out as the direction in words. */
export function directionMark(c) {
  if (c.direction !== 'incoming' && c.direction !== 'outgoing') return null;
  return el('span', {
    className: 'direction',
    text: c.direction === 'incoming' ? '↙' : '↗',
    attrs: { role: 'img', 'aria-label': t(`page.call_direction_${c.direction}`) },
  });
}

/** How it went: connected (and for how long) or the reason it did not, and where it was made. */
export function callOutcome(c) {
  const connected = c.answered_at > 0;
  return [
    connected ? t(meetingWords[c.direction] ?? 'page.recent_connected') : c.text,
    connected ? formatDuration(c.ended_at - c.answered_at) : '',
    c.via === 'phone' ? t('page.recent_on_desk_phone') : '',
  ].filter(Boolean).join(' · ');
}

/** A list item for a call of a recent_calls event; with `details` false a click calls again. */
export function recentCallItem(c, { details = true } = {}) {
  const connected = c.answered_at > 0;
  const meeting = isMeetingCall(c);
  const mark = directionMark(c);
  const number = shownNumber(c);
  return el('li', {}, [el(meeting ? 'div' : 'button', {
    className: `recent-call${connected ? '' : ' missed'}${meeting ? ' meeting' : ''}`,
    attrs: meeting ? {} : {
      type: 'button', 'data-number': c.number, 'data-id': String(c.id), 'data-via': c.via,
      ...(details ? { 'aria-haspopup': 'dialog' } : {}),
      title: t(details ? 'page.call_details_of' : 'page.call_again', { name: callPeer(c) }),
    },
  }, [
    el('span', { className: 'contact-text' }, [
      el('div', { className: 'contact-name', text: callPeer(c) }),
      number ? el('div', { className: 'contact-detail number', text: number }) : null,
      el('div', { className: 'outcome' }, [mark, mark ? ' ' : '', callOutcome(c)]),
    ]),
    el('time', { text: when(c.started_at), attrs: { datetime: new Date(c.started_at).toISOString() } }),
  ])]);
}
