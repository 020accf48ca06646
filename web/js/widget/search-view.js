// The widget's search: colleagues by name, extension or number with their presence and a call
// button, and a typed number to dial. Only the newest answer is shown.
import { t } from '../i18n.js';
import { contactItem } from '../contact-item.js';
import { looksLikeNumber } from '../client/destination.js';

const debounceMs = 150;

export class SearchView {
  /** `place(destination)` calls a username or a typed number (clicked here: no confirm step). */
  constructor({ root, client, place }) {
    this.root = root;
    this.client = client;
    this.input = root.querySelector('input');
    this.dial = root.querySelector('.dial-button');
    this.people = root.querySelector('.widget-people');
    this.results = [];
    this.latestRequest = '';
    this.timer = null;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.query(), debounceMs);
    });
    root.addEventListener('click', (e) => {
      const call = e.target.closest('button[data-call]');
      if (call) place(call.dataset.call);
    });
    this.dial.addEventListener('click', () => place(this.input.value.trim()));
    client.addEventListener('search_results', (e) => {
      if (e.detail.request_id !== this.latestRequest) return;
      this.results = e.detail.results.map((c) => c.username).filter((u) => u !== client.me?.username);
      this.render();
    });
    client.addEventListener('call_service', () => this.render());
    client.directory.addEventListener('change', (e) => {
      if (this.results.includes(e.detail.username)) this.render();
    });
  }

  focus() {
    this.input.focus();
  }

  query() {
    const text = this.input.value.trim();
    if (text) this.latestRequest = this.client.search(text).requestId;
    else this.results = [];
    this.render();
  }

  render() {
    const typed = this.input.value.trim();
    const callsEnabled = this.client.calls.available;
    this.people.hidden = typed === '';
    this.people.querySelector('.hint').hidden = this.results.length > 0;
    this.people.querySelector('ul').replaceChildren(...this.results.map((u) => contactItem(this.client.directory.get(u), {
      callable: true, callsEnabled, pickable: false,
    })));
    this.dial.hidden = !looksLikeNumber(typed);
    this.dial.textContent = t('page.dial_typed', { number: typed });
    this.dial.disabled = !callsEnabled;
  }
}
