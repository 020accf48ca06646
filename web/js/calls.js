// Click-to-call in the page: placing calls, the call panel with its timer, and whether calls work.
import { $, announce, toast } from './dom.js';
import { t } from './i18n.js';
import { placedCallWords } from './call-words.js';
import { recentCallItem } from './recent-call-item.js';
import { CallDetails } from './call-details.js';

const endedShownMs = 8000;
const callsPerPage = 20;

export class Calls extends EventTarget {
  constructor({ client }) {
    super();
    this.client = client;
    this.timer = null;
    this.hideTimer = null;
    this.filter = 'all';
    this.entries = new Map(); // the log's rows on the page, by id
    this.oldestId = 0;        // the last row shown: the next page starts after it
    this.details = new CallDetails({ calls: this });
    $('call-hang-up').addEventListener('click', () => this.hangUp());
    document.querySelectorAll('.call-filters .filter').forEach((button) => {
      button.addEventListener('click', () => {
        this.filter = button.dataset.filter;
        document.querySelectorAll('.call-filters .filter')
          .forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
        this.loadRecent();
      });
    });
    $('export-calls').addEventListener('click', () => {
      const error = this.client.send({ type: 'export_calls' });
      if (error) toast(error.text);
    });
    $('recent-calls').addEventListener('click', (e) => {
      const row = e.target.closest('button[data-id]');
      const entry = row && this.entries.get(Number(row.dataset.id));
      if (entry) this.details.show(entry);
    });
    $('more-calls').addEventListener('click', () => this.loadRecent(this.oldestId));
  }

  /** The last call_state (from the client's calls store). */
  get current() {
    return this.client.calls.current;
  }

  get available() {
    return this.client.calls.available;
  }

  /** Why calls cannot be placed, in words; empty while they can. */
  get unavailableText() {
    return this.client.calls.unavailableText;
  }

  /**
   * Asks for the call history under the chosen filter, the newest page or the one older than
   * `beforeId`; the answer comes as a recent_calls event.
   */
  loadRecent(beforeId = 0) {
    this.client.loadRecentCalls(this.filter, callsPerPage, beforeId);
  }

  /** The whole log as a CSV file to save (the answer to export_calls). */
  handleExport(event) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([event.csv], { type: 'text/csv' }));
    link.download = event.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  handleRecent(event) {
    if (event.filter !== this.filter) return; // an answer to a filter the user has left already
    const next = Boolean(event.before_id);
    if (next && event.before_id !== this.oldestId) return; // a page after rows since replaced
    if (!next) this.entries.clear();
    for (const c of event.calls) this.entries.set(c.id, c);
    const rows = event.calls.map((c) => recentCallItem(c));
    if (next) $('recent-calls').append(...rows);
    else $('recent-calls').replaceChildren(...rows);
    this.oldestId = event.calls.at(-1)?.id ?? this.oldestId;
    $('more-calls').hidden = !event.more;
    $('recent-calls-empty').hidden = this.entries.size > 0;
    $('recent-calls-empty').textContent = this.filter === 'all'
      ? t('page.recent_empty_all') : t('page.recent_empty_filtered', { filter: this.filter });
  }

  /**
   * Calls a username from the directory or a typed number. From an open IM conversation, pass its
   * peer: the call then belongs to that conversation (its panel shows there, the chat goes on).
   */
  place(destination, conversation) {
    const error = this.client.placeCall(destination, conversation);
    if (error) toast(error.text);
  }

  hangUp() {
    if (!this.current || this.current.state === 'ended') return;
    const error = this.client.hangUp(this.current.call_id);
    if (error) toast(error.text);
  }

  handleService(event) {
    const note = $('call-service');
    note.textContent = event.available ? '' : t('page.calls_unavailable', { reason: event.text ?? '' });
    note.hidden = event.available;
    this.dispatchEvent(new Event('availability'));
  }

  handleState(event) {
    clearTimeout(this.hideTimer);
    clearInterval(this.timer);
    this.render();
    if (this.client.calls.changed) {
      const words = placedCallWords(this.current);
      announce(event.state === 'ended' ? `${words.title} ${words.detail}` : words.title);
      this.dispatchEvent(new CustomEvent('state', { detail: event }));
    }
    if (event.state === 'connected') this.timer = setInterval(() => this.render(), 1000);
    if (event.state === 'ended') {
      // Add person made a meeting of the call: the meeting panel takes over at once.
      const shownMs = event.reason === 'escalated' ? 0 : endedShownMs;
      this.hideTimer = setTimeout(() => { $('call-panel').hidden = true; }, shownMs);
      this.loadRecent();
    }
  }

  render() {
    const c = this.current;
    const words = placedCallWords(c);
    const panel = $('call-panel');
    panel.hidden = false;
    panel.className = `call-panel ${c.state}`;
    $('call-title').textContent = words.title;
    $('call-detail').textContent = words.detail;
    const button = $('call-hang-up');
    button.hidden = c.state === 'ended';
    button.textContent = c.state === 'connected' ? t('page.hang_up') : t('page.cancel');
  }
}
