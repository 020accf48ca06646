// The meeting's own conversation, under the roster while the user is in a meeting: what was said
// before they came is read once, new lines arrive as meeting_message events.
import { $, el } from './dom.js';
import { currentLanguage, t } from './i18n.js';

export class MeetingChat {
  constructor({ client, me }) {
    this.client = client;
    this.me = me;
    this.meetingId = null;
    this.lines = new Map(); // id -> line, for the meeting shown
    this.sent = 0;
    $('meeting-chat-text').placeholder = t('page.meeting_chat_placeholder');
    $('meeting-chat-text').setAttribute('aria-label', t('page.meeting_chat_label'));
    $('meeting-chat-send').textContent = t('page.meeting_chat_send');
    $('meeting-chat').setAttribute('aria-label', t('page.meeting_chat_label'));
    $('meeting-chat-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
  }

  /** A meeting_state: the conversation shows while the user is on their way in or in the meeting. */
  follow(event) {
    if (event.state === 'ended') {
      $('meeting-chat').hidden = true;
      this.meetingId = null;
      return;
    }
    if (this.meetingId === event.meeting_id) return;
    this.meetingId = event.meeting_id;
    this.lines.clear();
    $('meeting-chat-error').textContent = '';
    this.render();
    $('meeting-chat').hidden = false;
    this.client.send({ type: 'get_meeting_messages', meeting_id: event.meeting_id });
  }

  send() {
    const text = $('meeting-chat-text').value.trim();
    if (!text || !this.meetingId) return;
    const error = this.client.send({
      type: 'send_meeting_message', meeting_id: this.meetingId, text, client_id: `m${++this.sent}`,
    });
    $('meeting-chat-error').textContent = error ? error.text : '';
    if (!error) $('meeting-chat-text').value = '';
  }

  handleMessage(event) {
    if (event.meeting_id !== this.meetingId) return;
    this.lines.set(event.message.id, event.message);
    this.render();
  }

  handleMessages(event) {
    if (event.meeting_id !== this.meetingId) return;
    for (const line of event.messages) this.lines.set(line.id, line);
    this.render();
  }

  render() {
    const time = (ms) => new Date(ms).toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
    const items = [...this.lines.values()].sort((a, b) => a.id - b.id).map((line) => {
      const mine = line.from === this.me;
      return el('li', { className: `message${mine ? ' mine' : ''}`, attrs: { 'data-id': String(line.id) } }, [
        mine ? null : el('span', { className: 'message-sender', text: line.name || line.from }),
        document.createTextNode(line.text),
        el('time', { text: time(line.sent_at), attrs: { datetime: new Date(line.sent_at).toISOString() } }),
      ]);
    });
    $('meeting-chat-lines').replaceChildren(...items);
    $('meeting-chat-empty').hidden = items.length > 0;
    $('meeting-chat-empty').textContent = t('page.meeting_chat_empty');
    $('meeting-chat-lines').scrollTop = $('meeting-chat-lines').scrollHeight;
  }
}
