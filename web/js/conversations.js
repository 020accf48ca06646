// Conversations: one core.Conversation per contact, the list in the sidebar and the open window.
import { $, announce, el, presenceLabel, setDot, toast } from './dom.js';
import { currentLanguage, t } from './i18n.js';
import { contactItem } from './contact-item.js';
import { formatDuration } from './call-words.js';

const historyPage = 50;

export class Conversations {
  constructor({ core, client, directory, calls, me, onOpenChanged }) {
    this.calls = calls;
    this.core = core;
    this.client = client;
    this.directory = directory;
    this.me = me;
    this.onOpenChanged = onOpenChanged;
    this.byPeer = new Map(); // username -> core.Conversation
    this.order = [];         // usernames, most recent activity first
    this.active = null;
    this.clientSeq = 0;
    this.historyLoaded = new Set(); // peers whose newest history page has been asked for

    $('conversation-list').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-username]');
      if (button) this.open(button.dataset.username);
    });
    $('composer').addEventListener('submit', (e) => {
      e.preventDefault();
      this.sendTyped();
    });
    $('composer-input').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.sendTyped();
      }
    });
    $('load-earlier').addEventListener('click', () => this.requestHistory(this.active, true));
    $('back-button').addEventListener('click', () => this.close());
    $('peer-call').addEventListener('click', () => this.calls.place(this.active, this.active));
    calls.addEventListener('availability', () => this.renderHeader());
    calls.addEventListener('state', (e) => this.onCallState(e.detail));
    this.callNotes = new Map(); // peer -> [{ at, text }]: calls placed from that conversation
    directory.addEventListener('change', (e) => {
      if (this.byPeer.has(e.detail.username)) this.renderList();
      if (e.detail.username === this.active) this.renderHeader();
    });
  }

  peers() {
    return [...this.order];
  }

  ensure(peer) {
    if (!this.byPeer.has(peer)) {
      this.byPeer.set(peer, new this.core.Conversation(this.me, peer));
      this.order.unshift(peer);
      this.onOpenChanged();
    }
    return this.byPeer.get(peer);
  }

  touch(peer) {
    this.order = [peer, ...this.order.filter((p) => p !== peer)];
  }

  open(peer) {
    const conversation = this.ensure(peer);
    this.active = peer;
    this.placeCallPanel();
    conversation.markRead();
    $('app').classList.add('in-conversation');
    $('conversation-placeholder').hidden = true;
    $('conversation-pane').hidden = false;
    // Live IMs may already be here; the newest page fills in what came before them.
    if (!this.historyLoaded.has(peer)) this.requestHistory(peer, false);
    this.renderList();
    this.renderHeader();
    this.renderMessages(true);
    $('composer-input').focus();
  }

  close() {
    this.active = null;
    this.placeCallPanel();
    $('app').classList.remove('in-conversation');
    $('conversation-pane').hidden = true;
    $('conversation-placeholder').hidden = false;
    this.renderList();
  }

  /** After a reconnect: fetch what arrived while the socket was down. */
  resync() {
    for (const peer of this.byPeer.keys()) this.requestHistory(peer, false);
  }

  requestHistory(peer, older) {
    if (!peer) return;
    if (!older) this.historyLoaded.add(peer);
    const command = { type: 'get_history', with: peer, limit: historyPage };
    const oldest = this.byPeer.get(peer)?.oldestId();
    if (older && oldest) command.before_id = oldest;
    this.client.send(command);
  }

  sendTyped() {
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text || !this.active) return;
    const clientId = `c${Date.now().toString(36)}${(++this.clientSeq).toString(36)}`;
    const error = this.client.send({ type: 'send_im', to: this.active, text, client_id: clientId });
    if (error) {
      toast(error.text);
      return;
    }
    this.byPeer.get(this.active).addPending(clientId, text);
    input.value = '';
    this.renderMessages(true);
  }

  handleIm(event) {
    const m = event.message;
    const peer = m.from === this.me ? m.to : m.from;
    const conversation = this.ensure(peer);
    if (!conversation.applyEvent(JSON.stringify(event))) return;
    this.touch(peer);
    if (peer === this.active && document.visibilityState === 'visible') conversation.markRead();
    this.renderList();
    if (peer === this.active) this.renderMessages(true);
    // The open conversation is not a live region (it is drawn again on each message): say just the new one.
    if (peer === this.active && m.from !== this.me) {
      announce(t('page.im_announce', { name: this.directory.get(peer).display_name, text: m.text }));
    }
  }

  handleHistory(event) {
    const conversation = this.byPeer.get(event.with);
    if (!conversation) return;
    const atBottom = this.isScrolledToBottom();
    conversation.applyEvent(JSON.stringify(event));
    if (event.with === this.active) this.renderMessages(atBottom && !event.messages.length);
  }

  isScrolledToBottom() {
    const box = $('messages');
    return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  }

  renderList() {
    $('conversations-empty').hidden = this.order.length > 0;
    $('conversation-list').replaceChildren(...this.order.map((peer) => {
      const conversation = this.byPeer.get(peer);
      const last = conversation.messages().at(-1);
      return contactItem(this.directory.get(peer), {
        active: peer === this.active,
        unread: peer === this.active ? 0 : conversation.unread(),
        detail: last ? (last.from === this.me ? t('page.im_preview_mine', { text: last.text }) : last.text) : undefined,
      });
    }));
  }

  renderHeader() {
    if (!this.active) return;
    $('peer-call').disabled = !this.calls.available;
    $('peer-call').title = this.calls.available ? '' : t('page.calls_unavailable', { reason: this.calls.unavailableText });
    const person = this.directory.get(this.active);
    $('peer-name').textContent = person.display_name;
    $('peer-status').textContent = [presenceLabel(person.presence), person.extension && t('page.extension', { extension: person.extension })]
      .filter(Boolean).join(' · ');
    setDot($('peer-dot'), person.presence);
  }

  /** A call placed from a conversation shows its panel there and leaves a note when it ends. */
  onCallState(call) {
    this.placeCallPanel();
    if (call.state !== 'ended' || !call.conversation) return;
    const who = call.callee_name || call.number;
    const text = call.connected_at > 0
      ? t('page.call_with', { name: who, duration: formatDuration(Date.now() - call.connected_at) })
      : t('page.call_to', { name: who, outcome: call.text ?? '' });
    const notes = this.callNotes.get(call.conversation) ?? [];
    notes.push({ at: Date.now(), text });
    this.callNotes.set(call.conversation, notes);
    this.ensure(call.conversation);
    if (call.conversation === this.active) this.renderMessages(true);
  }

  /** The call panel sits in the open conversation when the call belongs to it, else above everything. */
  placeCallPanel() {
    const panel = $('call-panel');
    const call = this.calls.current;
    const here = call && call.conversation && call.conversation === this.active;
    const target = here ? $('conversation-pane') : $('call-panel-home');
    const anchor = here ? $('messages') : null;
    if (panel.parentElement !== target) target.insertBefore(panel, anchor);
    panel.classList.toggle('in-conversation', Boolean(here));
  }

  renderMessages(scrollToEnd) {
    const conversation = this.byPeer.get(this.active);
    if (!conversation) return;
    const time = (ms) => new Date(ms).toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
    const stamp = (ms) => el('time', { text: time(ms), attrs: { datetime: new Date(ms).toISOString() } });
    const entries = conversation.messages().map((m) => ({ at: m.sent_at, node: el('li', {
      className: `message${m.from === this.me ? ' mine' : ''}`, attrs: { 'data-id': String(m.id) },
    }, [document.createTextNode(m.text), stamp(m.sent_at)]) }));
    for (const note of this.callNotes.get(this.active) ?? []) {
      entries.push({ at: note.at, node: el('li', { className: 'call-note' }, [document.createTextNode(`☎ ${note.text}`), stamp(note.at)]) });
    }
    const items = entries.sort((a, b) => a.at - b.at).map((e) => e.node);
    for (const p of conversation.pending()) {
      items.push(el('li', { className: 'message mine pending' }, [document.createTextNode(p.text), el('time', { text: t('page.sending') })]));
    }
    $('message-list').replaceChildren(...items);
    $('load-earlier').hidden = !conversation.hasMoreHistory() || conversation.messages().length === 0;
    if (scrollToEnd) $('messages').scrollTop = $('messages').scrollHeight;
  }
}
