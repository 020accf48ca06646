// Live directory search: debounced queries, only the newest answer is shown.
import { $ } from './dom.js';
import { t } from './i18n.js';
import { contactItem } from './contact-item.js';
import { looksLikeNumber } from './client/destination.js';

const debounceMs = 150;

export class SearchPanel {
  constructor({ client, directory, calls, onPick, onResultsChanged }) {
    this.calls = calls;
    this.client = client;
    this.directory = directory;
    this.onPick = onPick;
    this.onResultsChanged = onResultsChanged;
    this.input = $('search-input');
    this.list = $('search-results');
    this.results = [];
    this.latestRequest = '';
    this.timer = null;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.query(), debounceMs);
    });
    this.list.addEventListener('click', (e) => {
      const call = e.target.closest('button[data-call]');
      if (call) {
        this.calls.place(call.dataset.call);
        return;
      }
      const button = e.target.closest('button[data-username]');
      if (button) this.onPick(button.dataset.username);
    });
    $('dial-button').addEventListener('click', () => this.calls.place(this.input.value.trim()));
    calls.addEventListener('availability', () => this.render());
    directory.addEventListener('change', (e) => {
      if (this.results.includes(e.detail.username)) this.render();
    });
  }

  /** Re-runs the current query (after a reconnect). */
  query() {
    const text = this.input.value.trim();
    if (!text) {
      this.show([]);
      return;
    }
    const { requestId, error } = this.client.search(text);
    this.latestRequest = requestId;
    if (error) $('search-empty').textContent = error.text;
  }

  handleResults(event) {
    if (event.request_id !== this.latestRequest) return; // the client has remembered who is in it
    this.show(event.results.map((c) => c.username));
  }

  show(usernames) {
    this.results = usernames;
    this.render();
    this.onResultsChanged();
  }

  render() {
    const hasQuery = this.input.value.trim() !== '';
    $('results-heading').hidden = !hasQuery;
    $('search-empty').hidden = !hasQuery || this.results.length > 0;
    $('search-empty').textContent = t('page.search_none');
    this.list.replaceChildren(...this.results.map((u) => contactItem(this.directory.get(u), {
      callable: true, callsEnabled: this.calls.available,
    })));
    const typed = this.input.value.trim();
    const dial = $('dial-button');
    dial.hidden = !looksLikeNumber(typed);
    dial.textContent = t('page.dial_typed', { number: typed });
    dial.disabled = !this.calls.available;
  }
}
