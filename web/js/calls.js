// Click-to-call in the page: placing calls, the call panel with its timer, and whether calls work.
import { $, el, toast } from './dom.js';
import { currentLanguage, t } from './i18n.js';

const endedShownMs = 8000;

export class Calls extends EventTarget {
  constructor({ connection }) {
    super();
    this.connection = connection;
    this.current = null;   // the last call_state
    this.available = false;
    this.timer = null;
    this.hideTimer = null;
    this.filter = 'all';
    $('call-hang-up').addEventListener('click', () => this.hangUp());
    document.querySelectorAll('.call-filters .filter').forEach((button) => {
      button.addEventListener('click', () => {
        this.filter = button.dataset.filter;
        document.querySelectorAll('.call-filters .filter')
          .forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
        this.loadRecent();
      });
    });
    $('export-calls').addEventListener('click', () => {
      const error = this.connection.send({ type: 'export_calls' });
      if (error) toast(error.text);
    });
    $('recent-calls').addEventListener('click', (e) => {
      const entry = e.target.closest('button[data-number]');
      if (entry) this.place(entry.dataset.number);
    });
  }

  /** Asks for the call history under the chosen filter; the answer comes as a recent_calls event. */
  loadRecent() {
    this.connection.send({ type: 'get_recent_calls', limit: 20, filter: this.filter });
  }

  /** The whole log as a CSV file to save (the answer to export_calls). */
  handleExport(event) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([event.csv], { type: 'text/csv' }));
    link.download = event.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  handleRecent(event) {
    if (event.filter !== this.filter) return; // an answer to a filter the user has left already
    $('recent-calls-empty').hidden = event.calls.length > 0;
    $('recent-calls-empty').textContent = this.filter === 'all'
      ? t('page.recent_empty_all') : t('page.recent_empty_filtered', { filter: this.filter });
    const when = (ms) => {
      const d = new Date(ms);
      const today = d.toDateString() === new Date().toDateString();
      return today ? d.toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' })
        : d.toLocaleDateString(currentLanguage());
    };
    $('recent-calls').replaceChildren(...event.calls.map((c) => {
      const connected = c.answered_at > 0;
      const meeting = c.direction === 'meeting' || c.direction === 'meeting_dial_in';
      const joined = { meeting: 'page.recent_in_meeting', meeting_dial_in: 'page.recent_dialled_in' }[c.direction];
      const outcome = [
        (c.direction === 'incoming' ? '↙ ' : '') + (connected ? t(joined ?? 'page.recent_connected') : c.text),
        connected ? formatDuration(c.ended_at - c.answered_at) : '',
        c.via === 'phone' ? t('page.recent_on_desk_phone') : '',
      ].filter(Boolean).join(' · ');
      // A meeting is not called again from here: its number is the user's own phone.
      return el('li', {}, [el(meeting ? 'div' : 'button', {
        className: `recent-call${connected ? '' : ' missed'}${meeting ? ' meeting' : ''}`,
        attrs: meeting ? {} : {
          type: 'button', 'data-number': c.number, 'data-via': c.via, title: t('page.call_again', { name: c.peer_name || c.number }),
        },
      }, [
        el('span', { className: 'contact-text' }, [
          el('div', { className: 'contact-name', text: c.peer_name || c.number }),
          el('div', { className: 'outcome', text: outcome }),
        ]),
        el('time', { text: when(c.started_at), attrs: { datetime: new Date(c.started_at).toISOString() } }),
      ])]);
    }));
  }

  /**
   * Calls a username from the directory or a typed number. From an open IM conversation, pass its
   * peer: the call then belongs to that conversation (its panel shows there, the chat goes on).
   */
  place(destination, conversation) {
    if (this.current && this.current.state !== 'ended') {
      toast(t('page.call_in_progress'));
      return;
    }
    const command = { type: 'place_call', destination };
    if (conversation) command.conversation = conversation;
    const error = this.connection.send(command);
    if (error) toast(error.text);
  }

  hangUp() {
    if (!this.current || this.current.state === 'ended') return;
    const error = this.connection.send({ type: 'hang_up', call_id: this.current.call_id });
    if (error) toast(error.text);
  }

  handleService(event) {
    this.available = event.available;
    const note = $('call-service');
    note.textContent = event.available ? '' : t('page.calls_unavailable', { reason: event.text ?? '' });
    note.hidden = event.available;
    this.dispatchEvent(new Event('availability'));
  }

  handleState(event) {
    const previous = this.current;
    this.current = event;
    clearTimeout(this.hideTimer);
    clearInterval(this.timer);
    this.render();
    const changed = !previous || previous.call_id !== event.call_id || previous.state !== event.state;
    if (changed) this.dispatchEvent(new CustomEvent('state', { detail: event }));
    if (event.state === 'connected') this.timer = setInterval(() => this.render(), 1000);
    if (event.state === 'ended') {
      // Add person made a meeting of the call: the meeting panel takes over at once.
      const shownMs = event.reason === 'escalated' ? 0 : endedShownMs;
      this.hideTimer = setTimeout(() => { $('call-panel').hidden = true; }, shownMs);
      this.loadRecent();
    }
  }

  render() {
    const c = this.current;
    const who = c.callee_name || c.number;
    const panel = $('call-panel');
    panel.hidden = false;
    panel.className = `call-panel ${c.state}`;
    $('call-title').textContent = t(`call.title.${c.state}`, { name: who });
    $('call-detail').textContent = c.state === 'connected' ? formatDuration(Date.now() - c.connected_at)
      : c.state === 'ended' ? (c.text ?? '') : t(`call.detail.${c.state}`, { name: who });
    const button = $('call-hang-up');
    button.hidden = c.state === 'ended';
    button.textContent = c.state === 'connected' ? t('page.hang_up') : t('page.cancel');
  }
}

export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}
