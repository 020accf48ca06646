// One entry of Recent calls: who, how it went (and for how long), when; a button to call again,
// except for a way into a meeting, whose number is the user's own phone.
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

/** A list item for a call of a recent_calls event; its button holds the number in data-number. */
export function recentCallItem(c) {
  const connected = c.answered_at > 0;
  const meeting = c.direction === 'meeting' || c.direction === 'meeting_dial_in';
  const joined = { meeting: 'page.recent_in_meeting', meeting_dial_in: 'page.recent_dialled_in' }[c.direction];
  const outcome = [
    (c.direction === 'incoming' ? '↙ ' : '') + (connected ? t(joined ?? 'page.recent_connected') : c.text),
    connected ? formatDuration(c.ended_at - c.answered_at) : '',
    c.via === 'phone' ? t('page.recent_on_desk_phone') : '',
  ].filter(Boolean).join(' · ');
  return el('li', {}, [el(meeting ? 'div' : 'button', {
    className: `recent-call${connected ? '' : ' missed'}${meeting ? ' meeting' : ''}`,
    attrs: meeting ? {} : {
      type: 'button', 'data-number': c.number, 'data-via': c.via, title: t('page.call_again', { name: c.peer_name || c.number }),
    },
  }, [
    el('span', { className: 'contact-text' }, [
      el('div', { className: 'contact-name', text: c.peer_name || c.number }),
      el('div', { className: 'outcome', text: outcome }),
    ]),
    el('time', { text: when(c.started_at), attrs: { datetime: new Date(c.started_at).toISOString() } }),
  ])]);
}
