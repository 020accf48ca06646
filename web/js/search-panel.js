// Live directory search, in the page and in the widget: debounced queries, only the newest answer
// shown, each person with presence and a call button, and a typed number to dial.
import { t } from './i18n.js';
import { contactItem } from './contact-item.js';
import { looksLikeNumber } from './client/destination.js';

const debounceMs = 150;

export class SearchPanel {
  /**
   * `parts` are the elements it works in: input, dial (the button for a typed number), list, and
   * heading and empty (the "no one matches" line), shown only while something is typed.
   * `place(destination)` calls; `onPick(username)`, when given, makes each person a button (the
   * page opens a conversation); `onResultsChanged()` hears when the people listed change.
   */
  constructor({ parts, client, place, onPick = null, onResultsChanged = () => {} }) {
    this.parts = parts;
    this.client = client;
    this.onResultsChanged = onResultsChanged;
    this.pickable = onPick !== null;
    this.input = parts.input;
    this.results = [];
    this.latestRequest = '';
    this.timer = null;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.query(), debounceMs);
    });
    parts.list.addEventListener('click', (e) => {
      const call = e.target.closest('button[data-call]');
      if (call) {
        place(call.dataset.call);
        return;
      }
      const star = e.target.closest('button[data-favourite]');
      if (star) {
        client.toggleFavourite(star.dataset.favourite);
        return;
      }
      const button = e.target.closest('button[data-username]');
      if (button && onPick) onPick(button.dataset.username);
    });
    parts.dial.addEventListener('click', () => place(this.input.value.trim()));
    client.addEventListener('search_results', (e) => this.handleResults(e.detail));
    client.addEventListener('call_service', () => this.render());
    client.addEventListener('favourites', () => this.render());
    client.directory.addEventListener('change', (e) => {
      if (this.results.includes(e.detail.username)) this.render();
    });
  }

  focus() {
    this.input.focus();
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
    if (error) this.parts.empty.textContent = error.text;
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
    const { dial, empty, heading, list } = this.parts;
    const typed = this.input.value.trim();
    const callsEnabled = this.client.calls.available;
    heading.hidden = typed === '';
    empty.hidden = typed === '' || this.results.length > 0;
    empty.textContent = t('page.search_none');
    const me = this.client.me?.username;
    list.replaceChildren(...this.results.map((u) => contactItem(this.client.directory.get(u), {
      callable: true, callsEnabled, callsOff: this.client.calls.unavailableText, pickable: this.pickable, favourite: u === me ? undefined : this.client.isFavourite(u),
    })));
    dial.hidden = !looksLikeNumber(typed);
    dial.textContent = t('page.dial_typed', { number: typed });
    dial.disabled = !callsEnabled;
    dial.title = callsEnabled ? '' : t('page.calls_unavailable', { reason: this.client.calls.unavailableText });
  }
}
