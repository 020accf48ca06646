// What the browser tab shows of the page: its name, how many calls were missed, and above all a
// call ringing now, in the title and the icon, so it is seen among other tabs.
import { t } from './i18n.js';

const icons = { quiet: '/favicon.svg', ringing: '/favicon-ringing.svg' };
let missed = 0;
let ringing = ''; // the ringing call's title ("Bob Jones is calling"), or empty

/** The calls missed since the user last looked at Recent calls. */
export function showMissed(count) {
  missed = count;
  render();
}

/** `title`: the ringing call in words; empty once it stops ringing. */
export function showRinging(title) {
  ringing = title;
  render();
}

export function render() {
  const name = t('page.title');
  document.title = ringing ? `☎ ${ringing}` : missed ? `(${missed}) ${name}` : name;
  const icon = document.querySelector('link[rel="icon"]');
  if (icon) icon.href = ringing ? icons.ringing : icons.quiet;
}
