// How the widget signs in, in this order. (A) The cvw session cookie: a portal on the same site as
// cvw frames it with the cookie, as the page has it. (B) A token the portal's backend signed for
// its user, asked for with need_token and traded for an embed session. (C) When no token comes
// within a few seconds, or cvw refuses it, a Sign in button opening cvw's own sign-in page in a
// popup, which hands back a one-time code traded the same way. An embed session lives in memory.
import { codeOf, widgetMessage } from './messages.js';

const popupCheckMs = 500;

/**
 * Emits 'state' (detail { state, text }) as it goes: checking, waiting_for_portal, signing_in,
 * needs_sign_in (text: why, or ''), popup_blocked, popup_open; then 'signed-in' (detail
 * { session, username, via }: session null for the cookie, else the embed session; via is cookie,
 * token or code), and 'refused'
 * (detail { code, reason }) when cvw refuses a token or a code. `api` holds currentUser and
 * startEmbedSession (client/session-api.js, client/embed-api.js).
 */
export class WidgetSignIn extends EventTarget {
  constructor({ portal, link, api, win = window, tokenWaitMs = 3000 }) {
    super();
    this.portal = portal;
    this.link = link;
    this.api = api;
    this.win = win;
    this.tokenWaitMs = tokenWaitMs;
    this.state = 'idle';
    this.round = 0;          // a new start() makes the answers to an older one moot
    this.tokenWanted = null; // resolves the token being waited for
    this.earlyToken = '';    // a token the portal sent before it was asked for
    this.popup = null;
    this.popupTimer = null;
    win.addEventListener('message', (e) => this.hearPopup(e));
  }

  /** Signs in from the top; `note` is what to say if it ends at the Sign in button with no refusal. */
  async start(note = '') {
    const round = ++this.round;
    this.set('checking');
    const me = await this.api.currentUser().catch(() => null);
    if (round !== this.round) return;
    if (me) {
      this.finish(null, me.username, 'cookie');
      return;
    }
    this.set('waiting_for_portal');
    const token = await this.askPortal();
    if (round !== this.round) return;
    if (!token || !(await this.trade({ token }, round))) {
      if (this.state !== 'needs_sign_in') this.set('needs_sign_in', note);
    }
  }

  /** Asks the portal for a token; resolves to it, or '' when none came in time. */
  askPortal() {
    const early = this.earlyToken;
    this.earlyToken = '';
    if (early) return Promise.resolve(early);
    this.link.post(widgetMessage('need_token'));
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.giveToken(''), this.tokenWaitMs);
      this.tokenWanted = (token) => {
        clearTimeout(timer);
        this.tokenWanted = null;
        resolve(token);
      };
    });
  }

  /** A token from the portal: the one waited for, or one it sent on its own (kept for when it is). */
  giveToken(token) {
    if (this.tokenWanted) this.tokenWanted(token);
    else if (token && this.state === 'needs_sign_in') this.trade({ token }, this.round);
    else if (token && ['idle', 'checking'].includes(this.state)) this.earlyToken = token;
  }

  /** Trades a token or a code for an embed session; false when cvw refused it (the state says why). */
  async trade(proof, round) {
    this.set('signing_in');
    const r = await this.api.startEmbedSession(this.portal, proof);
    if (round !== this.round) return true;
    if (!r.ok) {
      this.dispatchEvent(new CustomEvent('refused', { detail: { code: r.code, reason: r.reason ?? '' } }));
      this.set('needs_sign_in', r.text);
      return false;
    }
    this.finish(r.session, r.session.username, proof.token ? 'token' : 'code');
    return true;
  }

  /** The Sign in button: cvw's sign-in page in a popup (a click, so the browser lets it open). */
  openPopup() {
    const url = `/embed/signin.html?portal=${encodeURIComponent(this.portal)}`;
    const popup = this.win.open(url, 'cvw-sign-in', 'popup,width=420,height=560');
    if (!popup) {
      this.set('popup_blocked');
      return;
    }
    this.popup = popup;
    this.set('popup_open');
    clearInterval(this.popupTimer);
    this.popupTimer = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(this.popupTimer);
      if (this.popup === popup) this.popup = null;
      if (this.state === 'popup_open') this.set('needs_sign_in', '');
    }, popupCheckMs);
  }

  /** The popup's code: only from that popup, on cvw's own origin. */
  hearPopup(e) {
    if (!this.popup || e.source !== this.popup || e.origin !== this.win.location.origin) return;
    const code = codeOf(e.data);
    if (!code) return;
    this.popup = null;
    clearInterval(this.popupTimer);
    this.trade({ code }, this.round);
  }

  finish(session, username, via) {
    this.set('signed_in');
    this.dispatchEvent(new CustomEvent('signed-in', { detail: { session, username, via } }));
  }

  set(state, text = '') {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, text } }));
  }
}
