// The details of one call in the log, opened from its row: who, which number, when, how it went,
// and Call back as a button of its own (a click on a row no longer dials at once).
import { $ } from './dom.js';
import { currentLanguage, t } from './i18n.js';
import { callOutcome, callPeer, directionMark, shownNumber } from './recent-call-item.js';

export class CallDetails {
  /** `calls` is the page's Calls: whether calls can be placed, and placing them. */
  constructor({ calls }) {
    this.calls = calls;
    this.entry = null;
    $('call-details-close').addEventListener('click', () => $('call-details').close());
    $('call-details-call').addEventListener('click', () => {
      const { number } = this.entry;
      $('call-details').close();
      this.calls.place(number);
    });
    calls.addEventListener('availability', () => this.renderButton());
  }

  show(entry) {
    this.entry = entry;
    $('call-details-name').textContent = callPeer(entry);
    const number = shownNumber(entry);
    $('call-details-number').textContent = number;
    $('call-details-number').hidden = !number;
    const started = new Date(entry.started_at);
    const mark = directionMark(entry);
    $('call-details-when').replaceChildren(...[mark, mark ? ' ' : '',
      started.toLocaleString(currentLanguage(), { dateStyle: 'full', timeStyle: 'short' })].filter(Boolean));
    $('call-details-outcome').textContent = callOutcome(entry);
    this.renderButton();
    $('call-details').showModal();
  }

  renderButton() {
    if (!this.entry) return;
    const button = $('call-details-call');
    button.textContent = t('page.call_back');
    button.disabled = !this.calls.available;
    button.title = this.calls.available ? '' : t('page.calls_unavailable', { reason: this.calls.unavailableText });
  }
}
