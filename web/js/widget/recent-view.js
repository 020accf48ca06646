// The widget's recent calls: the newest few, reloaded when a call ends; a click asks before
// calling the number again.
import { recentCallItem } from '../recent-call-item.js';

const shown = 10;

export class RecentView {
  /** `pick(number)` is a click on an entry. */
  constructor({ root, client, pick }) {
    this.root = root;
    this.client = client;
    root.addEventListener('click', (e) => {
      const entry = e.target.closest('button[data-number]');
      if (entry) pick(entry.dataset.number);
    });
    client.addEventListener('welcome', () => this.load());
    client.addEventListener('call_logged', () => this.load());
    const reloadWhenOver = (e) => {
      if (e.detail.state === 'ended' && client.calls.changed) this.load();
    };
    client.addEventListener('call_state', reloadWhenOver);
    client.addEventListener('incoming_call', reloadWhenOver);
    client.addEventListener('recent_calls', (e) => {
      if (e.detail.filter === 'all') this.render(e.detail.calls);
    });
  }

  load() {
    this.client.loadRecentCalls('all', shown);
  }

  render(calls) {
    this.root.querySelector('.hint').hidden = calls.length > 0;
    this.root.querySelector('ul').replaceChildren(...calls.map((c) => recentCallItem(c, { details: false })));
  }
}
