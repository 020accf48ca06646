// The user's favourite colleagues, in the page's sidebar and in the widget: each with live presence,
// a call button and a star that takes them out; a hint says how to add one while there are none.
import { t } from './i18n.js';
import { contactItem, handleContactClicks } from './contact-item.js';

export class FavouritesView {
  /**
   * `root` holds a ul and a .hint. `place(username)` calls; `onPick(username)`, when given, makes
   * each person a button (the page opens a conversation).
   */
  constructor({ root, client, place, onPick = null }) {
    this.root = root;
    this.client = client;
    this.pickable = onPick !== null;
    handleContactClicks(root, { client, place, pick: onPick });
    client.addEventListener('favourites', () => this.render());
    client.addEventListener('call_service', () => this.render());
    client.directory.addEventListener('change', (e) => {
      if (client.isFavourite(e.detail.username)) this.render();
    });
  }

  render() {
    const { favourites, directory, calls } = this.client;
    const hint = this.root.querySelector('.hint');
    hint.hidden = favourites.length > 0;
    hint.textContent = t('page.favourites_empty');
    this.root.querySelector('ul').replaceChildren(...favourites.map((u) => contactItem(directory.get(u), {
      callable: true, callsEnabled: calls.available, callsOff: calls.unavailableText, pickable: this.pickable, favourite: true,
    })));
  }
}
