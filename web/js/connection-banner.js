// The connection's state, above everything in the page's flow (it pushes the top bar down rather
// than cover it): "lost" said once to screen readers, a countdown to the next attempt that ticks
// for the eye only, and Retry now. Shared by the page and the widget.
import { t } from './i18n.js';

const reconnectedShownMs = 2000;

export class ConnectionBanner {
  /** `root` holds .banner-text (a live region), .banner-countdown and .banner-retry. */
  constructor({ root, client }) {
    this.root = root;
    this.text = root.querySelector('.banner-text');
    this.countdown = root.querySelector('.banner-countdown');
    this.retry = root.querySelector('.banner-retry');
    this.everConnected = false;
    this.ticker = null;
    this.hideTimer = null;
    this.retry.addEventListener('click', () => client.retryNow());
    client.addEventListener('status', (e) => this.onStatus(e.detail));
  }

  onStatus({ state, retryInMs }) {
    clearInterval(this.ticker);
    clearTimeout(this.hideTimer);
    if (state === 'open') {
      if (this.everConnected) {
        this.show(t('page.reconnected'), '', true);
        this.hideTimer = setTimeout(() => this.hide(), reconnectedShownMs);
      } else {
        this.hide();
      }
      this.everConnected = true;
    } else if (state === 'reconnecting') {
      const due = Date.now() + retryInMs;
      const tick = () => {
        this.show(t('page.connection_lost'), t('page.reconnecting_in', { seconds: Math.max(1, Math.ceil((due - Date.now()) / 1000)) }));
      };
      tick();
      this.ticker = setInterval(tick, 250);
    } else if (state === 'connecting' && !this.root.hidden) {
      this.show(t('page.connection_lost'), t('page.reconnecting_now'));
      this.retry.hidden = true;
    } else if (state === 'signed-out') {
      this.hide();
    }
  }

  show(text, countdown, ok = false) {
    this.root.classList.toggle('ok', ok);
    this.retry.hidden = ok;
    this.countdown.textContent = countdown;
    // The region is shown before its words change, so screen readers hear them; unchanged words
    // are not set again, so they are heard once however often the countdown ticks.
    this.root.hidden = false;
    if (this.text.textContent !== text) requestAnimationFrame(() => { this.text.textContent = text; });
  }

  hide() {
    this.root.hidden = true;
    this.text.textContent = '';
  }
}
