// What the page knows about people: details from search results and live presence.

export class Directory extends EventTarget {
  constructor() {
    super();
    this.people = new Map(); // username -> { username, display_name, extension, number, presence }
  }

  get(username) {
    return this.people.get(username) ?? { username, display_name: username, extension: '', number: '', presence: 'offline' };
  }

  /**
   * The name of whoever `destination` names, as far as the people known so far tell: a username,
   * or an extension or number written any way (the same digits); '' when nobody known has it.
   */
  nameFor(destination) {
    const known = this.people.get(destination);
    if (known) return known.display_name;
    const digits = destination.replace(/\D/g, '');
    if (!digits) return '';
    const same = (n) => Boolean(n) && n.replace(/\D/g, '') === digits;
    return [...this.people.values()].find((p) => same(p.extension) || same(p.number))?.display_name ?? '';
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
