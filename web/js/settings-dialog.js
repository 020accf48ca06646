// The settings dialog: the page's language, and which phone cvw rings first, within what the
// admin's policy allows.
import { $ } from './dom.js';
import { browserLanguage, followAccountLanguage, languages, pickedLanguage, t } from './i18n.js';
import { askNotificationPermission, notificationPermission } from './call-notice.js';

export class SettingsDialog {
  constructor({ client }) {
    this.client = client;
    this.current = null;
    this.saving = false;
    $('settings-button').addEventListener('click', () => this.open());
    $('settings-cancel').addEventListener('click', () => $('settings-dialog').close());
    $('settings-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.fillLanguages();
    // tel: and sip: links anywhere in this browser open the page, which asks before it calls.
    $('register-links').hidden = !navigator.registerProtocolHandler;
    $('register-links').addEventListener('click', () => {
      for (const scheme of ['tel', 'sip']) navigator.registerProtocolHandler(scheme, `${location.origin}/?call=%s`);
    });
    // Kept with the account, like the language: the settings event that answers shows it everywhere.
    $('dnd-calls-select').addEventListener('change', () => {
      const error = this.client.send({ type: 'set_do_not_disturb_calls', calls: $('dnd-calls-select').value });
      if (error) $('settings-error').textContent = error.text;
    });
    $('allow-notifications').addEventListener('click', async () => {
      await askNotificationPermission();
      this.renderNotifications();
    });
  }

  /** The browser's answer so far: a button to ask, or what it said. */
  renderNotifications() {
    const permission = notificationPermission();
    $('allow-notifications').hidden = permission !== 'default';
    const state = $('notifications-state');
    state.hidden = permission !== 'granted' && permission !== 'denied';
    state.textContent = permission === 'granted' ? t('page.notifications_on')
      : permission === 'denied' ? t('page.notifications_blocked') : '';
  }

  /** Each language in its own words; the first choice follows the browser. A pick shows at once. */
  fillLanguages() {
    const select = $('language-select');
    const option = (value, text) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      return o;
    };
    select.append(option('', t('page.language_browser', { language: t(`language.${browserLanguage()}`) })));
    for (const code of languages()) select.append(option(code, t(`language.${code}`)));
    select.value = pickedLanguage();
    // Kept with the account: the settings event that answers shows every tab, anywhere, in it.
    select.addEventListener('change', () => {
      const error = this.client.send({ type: 'set_language', language: select.value });
      if (error) {
        $('settings-error').textContent = error.text;
        select.value = pickedLanguage();
      }
    });
  }

  open() {
    this.render();
    this.renderNotifications();
    $('settings-error').textContent = '';
    $('settings-dialog').showModal();
  }

  save() {
    const error = this.client.send({ type: 'set_callback_number', number: $('callback-input').value.trim() });
    if (error) {
      $('settings-error').textContent = error.text;
      return;
    }
    this.saving = true;
    $('settings-save').disabled = true;
  }

  /** A `settings` event: the server accepted a change (or this is the state after welcome). */
  handleSettings(event) {
    followAccountLanguage(event.language ?? '');
    $('dnd-calls-select').value = event.do_not_disturb_calls ?? 'desk_phone';
    this.current = event;
    if (this.saving) {
      this.saving = false;
      $('settings-dialog').close();
    }
    this.render();
  }

  /** An `error` about the number: keep the dialog open and say why. Returns whether it was ours. */
  handleError(event) {
    if (!this.saving || event.field !== 'number') return false;
    this.saving = false;
    $('settings-save').disabled = false;
    $('settings-error').textContent = event.text;
    return true;
  }

  render() {
    const s = this.current;
    if (!s) {
      $('callback-current').textContent = t('page.settings_loading');
      return;
    }
    const input = $('callback-input');
    input.value = s.chosen_callback_number;
    input.disabled = !s.can_choose_callback;
    $('settings-save').disabled = !s.can_choose_callback;
    const words = !s.can_choose_callback ? 'page.callback_admin'
      : s.callback_number ? 'page.callback_chosen' : 'page.callback_none';
    $('callback-current').textContent = t(words, { number: s.callback_number });
  }
}
