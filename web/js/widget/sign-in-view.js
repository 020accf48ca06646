// What the widget shows until it is signed in: that it is signing in, or why it could not and a
// Sign in button that opens cvw's sign-in popup.
import { t } from '../i18n.js';

const words = {
  checking: () => t('widget.signing_in'),
  waiting_for_portal: () => t('widget.signing_in'),
  signing_in: () => t('widget.signing_in'),
  needs_sign_in: (text) => text || t('widget.sign_in_needed'),
  popup_blocked: () => t('widget.sign_in_blocked'),
  popup_open: () => t('widget.sign_in_waiting'),
};

export class SignInView {
  constructor({ root, signIn }) {
    this.root = root;
    const button = root.querySelector('button');
    button.addEventListener('click', () => signIn.openPopup());
    signIn.addEventListener('state', (e) => {
      const { state, text } = e.detail;
      root.hidden = state === 'signed_in';
      if (root.hidden) return;
      root.querySelector('p').textContent = words[state](text);
      button.hidden = !['needs_sign_in', 'popup_blocked', 'popup_open'].includes(state);
    });
  }
}
