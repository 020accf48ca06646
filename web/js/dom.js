// Tiny DOM helpers; all text goes through textContent, never innerHTML.

export const $ = (id) => document.getElementById(id);

/** Creates an element with classes, text and children. */
export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) if (child) node.append(child);
  return node;
}

export const presenceLabels = {
  available: 'Available',
  busy: 'Busy',
  do_not_disturb: 'Do not disturb',
  away: 'Away',
  offline: 'Offline',
  in_a_call: 'In a call',
};

export function setDot(node, presence) {
  node.className = `dot ${presence}`;
  node.title = presenceLabels[presence] ?? '';
}

export function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

let toastTimer;
export function toast(message) {
  const t = $('toast');
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 5000);
}
