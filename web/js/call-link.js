// Click-to-call from outside the page: a deep link (/?call=<number or username>), or a tel: or sip:
// link the browser hands over once Settings made the page their handler. Nothing is dialled before
// the user confirms the destination in the page: a link on another site must not place calls.
import { $, el } from './dom.js';
import { t } from './i18n.js';

export class CallLink {
  /** `directory` names a username it knows; `place(destination)` dials once the user says so. */
  constructor({ directory, place }) {
    this.directory = directory;
    this.place = place;
    this.destination = '';
  }

  /** Asks the user whether to call `destination` (from a link), showing whom when the directory knows. */
  offer(destination) {
    this.destination = destination;
    if (!destination) return;
    const name = this.directory.people.get(destination)?.display_name || destination;
    const call = el('button', { className: 'accept', text: t('page.call'), attrs: { type: 'button', id: 'call-link-go' } });
    const cancel = el('button', { className: 'danger', text: t('page.cancel'), attrs: { type: 'button', id: 'call-link-cancel' } });
    call.addEventListener('click', () => this.answer(true));
    cancel.addEventListener('click', () => this.answer(false));
    // A question the user must answer: an alert dialog named by it, with the focus on Call.
    $('call-link').replaceChildren(el('div', {
      className: 'call-panel invitation link', attrs: { role: 'alertdialog', 'aria-labelledby': 'call-link-title' },
    }, [
      el('span', { className: 'call-icon', text: '☎', attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'call-text' }, [
        el('div', { className: 'call-title', text: t('page.call_confirm', { name }), attrs: { id: 'call-link-title' } }),
      ]),
      call,
      cancel,
    ]));
    call.focus();
  }

  answer(callIt) {
    const destination = this.destination;
    this.destination = '';
    $('call-link').replaceChildren();
    history.replaceState(null, '', '/'); // a reload does not ask again
    if (callIt && destination) this.place(destination);
  }
}
