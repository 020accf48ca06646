// The widget's end of the portal's postMessage channel. Only the page that framed the widget
// (window.parent) is heard, and only from one of the portal's configured origins; the widget
// posts only to the origin that page spoke from, never to '*'. What arrives before the origins
// are known (the loader's init can beat /api/embed/config) waits until they are, and so does what
// the widget has to say before the portal has spoken.
import { readPortalMessage, resultMessage } from './messages.js';

const maxWaiting = 20;

/** Emits 'message' (detail: a checked portal message: type, id when it had one, its fields). */
export class PortalLink extends EventTarget {
  constructor(win = window) {
    super();
    this.win = win;
    this.origins = null; // the portal's configured origins, once known
    this.origin = '';    // the origin the portal's page spoke from
    this.heard = [];     // events heard before the origins were known
    this.unsent = [];    // messages for the portal before it spoke
    win.addEventListener('message', (e) => this.hear(e));
  }

  get framed() {
    return this.win.parent !== this.win;
  }

  /** The portal's configured origins; messages are checked against them from now on. */
  allow(origins) {
    this.origins = origins;
    for (const e of this.heard.splice(0)) this.hear(e);
  }

  hear(e) {
    if (!this.framed || e.source !== this.win.parent) return;
    if (!this.origins) {
      if (this.heard.length < maxWaiting) this.heard.push(e);
      return;
    }
    if (!this.origins.includes(e.origin) || (this.origin && e.origin !== this.origin)) return;
    if (!this.origin) {
      this.origin = e.origin;
      for (const message of this.unsent.splice(0)) this.post(message);
    }
    const read = readPortalMessage(e.data);
    if (read.ok) this.dispatchEvent(new CustomEvent('message', { detail: read.message }));
    else if (read.id !== null) this.post(resultMessage(read.id, 'bad_message'));
  }

  /** Posts to the portal's page, once it has spoken (until then the message waits). */
  post(message) {
    if (!this.framed) return;
    if (!this.origin) {
      if (this.unsent.length < maxWaiting) this.unsent.push(message);
      return;
    }
    this.win.parent.postMessage(message, this.origin);
  }
}
