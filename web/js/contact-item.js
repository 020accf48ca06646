// One row in a contact list: avatar with presence dot, name, detail line and an unread badge.
import { el, initials, presenceLabel, setDot } from './dom.js';
import { t } from './i18n.js';

/**
 * A contact row, a button holding the username in data-username (only a card when not
 * `pickable`); with `callable`, a call button sits beside it (data-call holds the username), and
 * an invite-to-the-meeting button (data-invite) that shows while the user is in a meeting. With
 * `favourite` true or false, a star (data-favourite; ★ for a favourite) adds or removes them.
 */
export function contactItem(person, {
  active = false, unread = 0, detail, callable = false, callsEnabled = true, callsOff = '', pickable = true, favourite,
} = {}) {
  const dot = el('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } });
  setDot(dot, person.presence);
  const line = detail ?? [presenceLabel(person.presence), person.extension && t('page.extension', { extension: person.extension }), person.number]
    .filter(Boolean).join(' · ');
  const attrs = pickable ? { type: 'button', 'data-username': person.username } : {};
  const button = el(pickable ? 'button' : 'div', { className: `contact${active ? ' active' : ''}`, attrs }, [
    el('span', { className: 'avatar', text: initials(person.display_name) }, [dot]),
    el('span', { className: 'contact-text' }, [
      el('div', { className: 'contact-name', text: person.display_name }),
      el('div', { className: 'contact-detail', text: line }),
    ]),
    unread > 0 ? el('span', { className: 'badge', text: String(unread), attrs: { 'aria-label': t('page.unread', { count: unread }) } }) : null,
  ]);
  const star = favourite === undefined ? null : favouriteToggle(person, favourite);
  if (!callable) return star ? el('li', { className: 'contact-row' }, [button, star]) : el('li', {}, [button]);
  const callLabel = t('page.call_person', { name: person.display_name });
  const call = el('button', {
    className: 'contact-call', text: '☎',
    attrs: { type: 'button', 'data-call': person.username, 'aria-label': callLabel, title: callLabel },
  });
  call.disabled = !callsEnabled;
  // A disabled button says why, where its label would be read or hovered.
  if (!callsEnabled) call.title = t('page.calls_unavailable', { reason: callsOff });
  // Shown only while the user is in a meeting (the app's in-meeting class).
  const inviteLabel = t('page.invite_to_meeting', { name: person.display_name });
  const invite = el('button', {
    className: 'contact-call contact-invite', text: '+',
    attrs: { type: 'button', 'data-invite': person.username, 'aria-label': inviteLabel, title: inviteLabel },
  });
  return el('li', { className: 'contact-row' }, [button, invite, star, call]);
}

function favouriteToggle(person, favourite) {
  const label = t(favourite ? 'page.remove_favourite' : 'page.add_favourite', { name: person.display_name });
  return el('button', {
    className: `contact-call contact-favourite${favourite ? ' on' : ''}`, text: favourite ? '★' : '☆',
    attrs: { type: 'button', 'data-favourite': person.username, 'aria-label': label, title: label },
  });
}

/**
 * What a click in a list of contactItem rows does: the call button calls (`place`), the star adds
 * or removes the favourite (`client.toggleFavourite`), the row itself picks the person (`pick`,
 * when given).
 */
export function handleContactClicks(root, { client, place, pick = null }) {
  root.addEventListener('click', (e) => {
    const call = e.target.closest('button[data-call]');
    const star = e.target.closest('button[data-favourite]');
    const person = e.target.closest('button[data-username]');
    if (call) place(call.dataset.call);
    else if (star) client.toggleFavourite(star.dataset.favourite);
    else if (person && pick) pick(person.dataset.username);
  });
}
