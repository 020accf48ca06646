// The colleagues the user last wrote to or called, in the page's sidebar: each with live presence,
// a call button and a star. The server keeps the list (from the IM history and the call log), so
// it is there after a sign-out and in every tab; a tab asks again after each new message or call.
import { t } from './i18n.js';
import { contactItem, handleContactClicks } from './contact-item.js';

const askAgainAfterMs = 1000; // a burst of messages asks once

export class RecentContactsView {
  /** `root` holds a ul and a .hint; `place(username)` calls, `onPick(username)` opens the chat. */
  constructor({ root, client, place, onPick }) {
    this.root = root;
    this.client = client;
    this.timer = null;
    handleContactClicks(root, { client, place, pick: onPick });
    for (const type of ['recent_contacts', 'favourites', 'call_service']) client.addEventListener(type, () => this.render());
    client.directory.addEventListener('change', (e) => {
      if (client.recentContacts.includes(e.detail.username)) this.render();
    });
    // A message with someone not first in the list, or a call that ended, may reorder it.
    client.addEventListener('im', (e) => {
      const { from, to } = e.detail.message;
      const peer = from === client.me?.username ? to : from;
      if (client.recentContacts[0] !== peer) this.askAgain();
    });
    const whenOver = (e) => { if (e.detail.state === 'ended' && client.calls.changed) this.askAgain(); };
    client.addEventListener('call_state', whenOver);
    client.addEventListener('incoming_call', whenOver);
    client.addEventListener('call_logged', () => this.askAgain());
  }

  askAgain() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.client.loadRecentContacts(), askAgainAfterMs);
  }

  render() {
    const { recentContacts, directory, calls } = this.client;
    this.root.querySelector('.hint').hidden = recentContacts.length > 0;
    this.root.querySelector('ul').replaceChildren(...recentContacts.map((u) => contactItem(directory.get(u), {
      callable: true, callsEnabled: calls.available, callsOff: calls.unavailableText, favourite: this.client.isFavourite(u),
    })));
  }
}
