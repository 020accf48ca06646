// The headless client under the page and the widget: the wasm core, one connection, and the stores
// it keeps up to date from the server's events (people and their presence, calls). Views send
// commands through it and hear the events it passes on; it touches no element.
import { Connection, cookieAuth } from './connection.js';
import { Directory } from './directory.js';
import { CallsStore } from './calls-store.js';
import { t } from '../i18n.js';

/**
 * Emits every server event once the stores have taken it in, as 'event' and under its own type
 * ('call_state', 'incoming_call', …), detail the decoded event; and 'status' for the connection
 * (detail { state, retryInMs }: connecting, open, reconnecting or signed-out). `auth` is how the
 * socket signs in: the session cookie by default, or a widget's embed session (embedAuth).
 * Every command returns null when sent, else the error ({ code, text }) that kept it back.
 */
export class CvwClient extends EventTarget {
  constructor({ core, auth = cookieAuth }) {
    super();
    this.core = core;
    this.directory = new Directory();
    this.calls = new CallsStore();
    this.me = null; // welcome's self: username, display_name, extension, number, presence
    this.favourites = []; // usernames, in the order the user added them (the favourites event)
    this.recentContacts = []; // usernames, newest exchange first (the recent_contacts event)
    this.searches = 0;
    this.connection = new Connection(core, auth);
    this.connection.addEventListener('event', (e) => this.take(e.detail));
    this.connection.addEventListener('status', (e) => {
      this.dispatchEvent(new CustomEvent('status', { detail: e.detail }));
    });
  }

  start() {
    this.connection.start();
  }

  stop() {
    this.connection.stop();
  }

  get isOpen() {
    return this.connection.isOpen;
  }

  /** Reconnects at once instead of at the end of the wait the 'reconnecting' status gave. */
  retryNow() {
    this.connection.retryNow();
  }

  /** Validates and sends any command of docs/protocol.md. */
  send(command) {
    return this.connection.send(command);
  }

  /**
   * Click-to-call a username or a number. From an IM conversation, pass its peer: the call then
   * belongs to it. One call at a time, as the server allows.
   */
  placeCall(destination, conversation) {
    if (this.calls.callInProgress) return { code: 'call_in_progress', text: t('page.call_in_progress') };
    const command = { type: 'place_call', destination };
    if (conversation) command.conversation = conversation;
    return this.send(command);
  }

  /** Cancels or hangs up a call, placed or received. */
  hangUp(callId) {
    return this.send({ type: 'hang_up', call_id: callId });
  }

  acceptCall(callId) {
    return this.send({ type: 'accept_call', call_id: callId });
  }

  declineCall(callId) {
    return this.send({ type: 'decline_call', call_id: callId });
  }

  /** The user's chosen presence: available, busy, do_not_disturb or away (the codec refuses others). */
  setPresence(state) {
    return this.send({ type: 'set_presence', state });
  }

  /** Asks the directory; the answer is the search_results event carrying the returned requestId. */
  search(query) {
    const requestId = `q${++this.searches}`;
    return { requestId, error: this.send({ type: 'search', request_id: requestId, query: query.slice(0, 100) }) };
  }

  isFavourite(username) {
    return this.favourites.includes(username);
  }

  /** Adds a colleague to the favourites, or takes them out; every tab hears the new list. */
  toggleFavourite(username) {
    const type = this.isFavourite(username) ? 'remove_favourite' : 'add_favourite';
    return this.send({ type, username });
  }

  /**
   * Asks for the call history (the answer is a recent_calls event): all, missed, incoming or
   * outgoing; with `beforeId`, the page of calls older than that one.
   */
  loadRecentCalls(filter = 'all', limit = 20, beforeId = 0) {
    const command = { type: 'get_recent_calls', limit, filter };
    if (beforeId > 0) command.before_id = beforeId;
    return this.send(command);
  }

  /** Asks again whom the user last wrote to or called (the server also sends it after welcome). */
  loadRecentContacts(limit = 10) {
    return this.send({ type: 'get_recent_contacts', limit });
  }

  /** A server event: into the stores first, then to every listener. */
  take(event) {
    switch (event.type) {
      case 'welcome':
        this.me = event.self;
        this.directory.remember([event.self]);
        break;
      case 'search_results': this.directory.remember(event.results); break;
      case 'contacts': this.directory.remember(event.contacts); break;
      case 'favourites':
        this.directory.remember(event.people);
        this.favourites = event.people.map((p) => p.username);
        break;
      case 'recent_contacts':
        this.directory.remember(event.people);
        this.recentContacts = event.people.map((p) => p.username);
        break;
      case 'presence': this.directory.setPresence(event.username, event.presence); break;
      default: this.calls.apply(event); break;
    }
    this.dispatchEvent(new CustomEvent('event', { detail: event }));
    this.dispatchEvent(new CustomEvent(event.type, { detail: event }));
  }
}
