// Add person: in a connected call, a colleague (found by name) or a number joins it, and the call
// becomes a meeting of three. The server answers with the call's end (escalated) and the meeting's
// own states; this form only asks, and shows a refusal by its field.
import { $, el } from './dom.js';
import { t } from './i18n.js';
import { looksLikeNumber } from './client/destination.js';

const debounceMs = 150;

export class AddPerson {
  /** `calls` is the page's Calls (its current call_state); `me` the signed-in username. */
  constructor({ client, calls, me }) {
    this.client = client;
    this.calls = calls;
    this.me = me;
    this.searches = 0;
    this.latestSearch = '';
    this.found = [];
    this.timer = null;
    this.asked = null; // what was last asked for, put back into the field if refused
    $('call-add-person').textContent = t('page.add_person');
    $('call-add-query').placeholder = t('page.add_person_placeholder');
    $('call-add-query').setAttribute('aria-label', t('page.add_person_label'));
    $('call-add-submit').textContent = t('page.add_person_submit');
    $('call-add-person').addEventListener('click', () => this.open());
    $('call-add-query').addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(), debounceMs);
    });
    $('call-add-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    $('call-add-found').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-username]');
      if (button) this.add(button.dataset.username, button.dataset.name);
    });
    calls.addEventListener('state', () => this.render());
  }

  /** The connected call to add to, or null. */
  get call() {
    const c = this.calls.current;
    return c && c.state === 'connected' ? c : null;
  }

  render() {
    const connected = this.call !== null;
    $('call-add-person').hidden = !connected;
    if (connected) return;
    this.close();
    this.asked = null; // the call is over (or became a meeting): no refusal can be about it any more
  }

  open() {
    $('call-add-form').hidden = false;
    $('call-add-error').textContent = '';
    $('call-add-query').focus();
  }

  close() {
    $('call-add-form').hidden = true;
    $('call-add-query').value = '';
    $('call-add-found').replaceChildren();
    this.found = [];
  }

  search() {
    const query = $('call-add-query').value.trim();
    if (!query || looksLikeNumber(query)) {
      this.show([]);
      return;
    }
    this.latestSearch = `add-${++this.searches}`;
    this.client.send({ type: 'search', request_id: this.latestSearch, query: query.slice(0, 100) });
  }

  /** A `search_results` event: ours when it answers the latest search typed here. */
  handleResults(event) {
    if (event.request_id !== this.latestSearch) return;
    this.show(event.results.filter((c) => c.username !== this.me).slice(0, 5));
  }

  show(found) {
    this.found = found;
    $('call-add-found').replaceChildren(...found.map((c) => el('li', {}, [
      el('button', {
        className: 'link-button',
        text: c.display_name || c.username,
        attrs: { type: 'button', 'data-username': c.username, 'data-name': c.display_name || c.username },
      }),
    ])));
  }

  /** Enter: a number is dialled as typed; a name needs exactly one colleague found for it. */
  submit() {
    const typed = $('call-add-query').value.trim();
    if (!typed) return;
    if (looksLikeNumber(typed)) return this.add(typed, typed);
    if (this.found.length === 1) return this.add(this.found[0].username, this.found[0].display_name);
    $('call-add-error').textContent = t('page.add_person_pick');
  }

  add(destination, name) {
    const call = this.call;
    if (!call) return;
    $('call-add-error').textContent = '';
    const subject = t('page.add_person_subject', { name: call.callee_name || call.number, added: name });
    const error = this.client.send({ type: 'add_to_call', call_id: call.call_id, destination, subject });
    if (error) {
      $('call-add-error').textContent = error.text;
      return;
    }
    this.asked = $('call-add-query').value;
    this.close();
  }

  /** A refusal of the person being added, shown by the form; true when it was one. */
  handleError(event) {
    if (this.asked === null || !['destination', 'call_id', 'subject'].includes(event.field)) return false;
    if (!this.call) {
      this.asked = null;
      return false;
    }
    this.open();
    $('call-add-query').value = this.asked;
    this.asked = null;
    $('call-add-error').textContent = event.text;
    return true;
  }
}
