// What the page knows about people: details from search results and live presence.

export class Directory extends EventTarget {
  constructor() {
    super();
    this.people = new Map(); // username -> { username, display_name, extension, number, presence }
  }

  get(username) {
    return this.people.get(username) ?? { username, display_name: username, extension: '', number: '', presence: 'offline' };
  }

  /** Merges contacts from search results; emits 'change' for each one whose presence or name changed. */
  remember(contacts) {
    for (const c of contacts) {
      const before = this.people.get(c.username);
      this.people.set(c.username, { ...c });
      if (!before || before.presence !== c.presence || before.display_name !== c.display_name) this.changed(c.username);
    }
  }

  setPresence(username, presence) {
    const person = { ...this.get(username), presence };
    this.people.set(username, person);
    this.changed(username);
  }

  changed(username) {
    this.dispatchEvent(new CustomEvent('change', { detail: this.get(username) }));
  }
}
