// The WebSocket to the server: hello on open, validated events out, automatic reconnect with back-off.
import { currentUser } from './session-api.js';
import { currentLanguage, t } from '../i18n.js';

const maxDelayMs = 15000;

/** The page's sign-in: the session cookie, good as long as /api/me says so (or cannot be asked). */
export const cookieAuth = {
  protocols: [],
  stillSignedIn: () => currentUser().then(Boolean, () => true),
};

/**
 * Emits 'event' (detail: a decoded server event) and 'status' (detail: { state, retryInMs }), where
 * state is connecting, open, reconnecting or signed-out. `auth` says how the socket signs in:
 * `protocols` to offer (a widget's embed session rides in one) and `stillSignedIn()`, asked when
 * a reconnect was refused.
 */
export class Connection extends EventTarget {
  constructor(core, auth = cookieAuth) {
    super();
    this.core = core;
    this.auth = auth;
    this.ws = null;
    this.attempt = 0;
    this.stopped = false;
    this.retryTimer = null;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.ws?.close(1000, 'bye');
  }

  /** While waiting to reconnect: try at once (Retry now); the back-off goes on if it fails again. */
  retryNow() {
    if (this.stopped || this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  /** Validates and sends a command; returns the validation error, or null when sent. */
  send(command) {
    const encoded = this.core.encodeCommand(JSON.stringify(command), currentLanguage());
    if (!encoded.ok) return encoded.error;
    if (this.ws?.readyState !== WebSocket.OPEN) return { code: 'offline', text: t('error.offline') };
    this.ws.send(encoded.text);
    return null;
  }

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  open() {
    this.status('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws`, this.auth.protocols);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      const hello = { type: 'hello', protocol: Number(this.core.protocolVersion()), language: currentLanguage() };
      ws.send(this.core.encodeCommand(JSON.stringify(hello), currentLanguage()).text);
    });
    ws.addEventListener('message', (m) => {
      const decoded = this.core.decodeEvent(typeof m.data === 'string' ? m.data : '', currentLanguage());
      if (!decoded.ok) {
        console.warn('cvw: ignoring malformed event', decoded.error);
        return;
      }
      if (decoded.event.type === 'welcome') this.status('open');
      this.dispatchEvent(new CustomEvent('event', { detail: decoded.event }));
    });
    ws.addEventListener('close', (e) => this.onClose(e));
  }

  async onClose(e) {
    if (this.stopped) return;
    if (e.reason === 'signed out' || e.reason === 'account disabled') {
      this.status('signed-out');
      return;
    }
    // An upgrade refused for an expired session looks like any dropped connection: ask.
    if (this.attempt > 0 && !(await this.auth.stillSignedIn())) {
      this.status('signed-out');
      return;
    }
    const delay = Math.min(maxDelayMs, 1000 * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.status('reconnecting', Math.round(delay));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  status(state, retryInMs = 0) {
    this.dispatchEvent(new CustomEvent('status', { detail: { state, retryInMs } }));
  }
}
