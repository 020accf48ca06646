// The confirm step: before a call the portal asked for (or one picked from Recent calls) is
// dialled, the widget shows whom it would call, with Call and Cancel, and takes the focus.
import { t } from '../i18n.js';
import { looksLikeNumber } from '../client/destination.js';

export class ConfirmView {
  constructor({ root, client }) {
    this.root = root;
    this.client = client;
    this.asked = null; // { destination, fromPortal, resolve }
    root.querySelector('#confirm-call').addEventListener('click', () => this.settle(true));
    root.querySelector('#confirm-cancel').addEventListener('click', () => this.settle(false));
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.settle(false);
    });
    // A name learnt while the question is open (the search below) shows at once.
    client.directory.addEventListener('change', () => {
      if (this.asked) this.render();
    });
  }

  /**
   * Asks whether to call `destination`; resolves to the answer. A newer question replaces one still
   * open, which is answered no. `fromPortal` says the page around the widget asked for it.
   */
  ask(destination, { fromPortal = false } = {}) {
    this.settle(false);
    return new Promise((resolve) => {
      this.asked = { destination, fromPortal, resolve };
      this.render();
      this.root.hidden = false;
      this.root.focus();
      // The directory may know whose number it is: ask it, digits only for a number.
      if (!this.client.directory.nameFor(destination)) {
        this.client.search(looksLikeNumber(destination) ? destination.replace(/[^\d+]/g, '') : destination);
      }
    });
  }

  render() {
    const { destination, fromPortal } = this.asked;
    const name = this.client.directory.nameFor(destination);
    this.root.querySelector('.call-title').textContent = t('page.call_confirm', { name: name || destination });
    this.root.querySelector('.call-detail').textContent = fromPortal
      ? t('widget.confirm_from_portal', { number: destination }) : (name ? destination : '');
  }

  settle(callIt) {
    if (!this.asked) return;
    const { resolve } = this.asked;
    this.asked = null;
    this.root.hidden = true;
    resolve(callIt);
  }
}
