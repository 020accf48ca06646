// Tiny DOM helpers; all text goes through textContent, never innerHTML.
import { t } from './i18n.js';

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

/** A presence state in words, e.g. "Do not disturb". */
export function presenceLabel(presence) {
  return presence ? t(`presence.${presence}`) : '';
}

export function setDot(node, presence) {
  node.className = `dot ${presence}`;
  node.title = presenceLabel(presence);
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

/**
 * Says `text` once to screen readers, through the page's one status region (#announcer): a call's
 * state when it changes, a new message. Regions that tick (a call's timer) are not live themselves.
 */
export function announce(text) {
  const region = $('announcer');
  if (!region || !text) return;
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = text; });
}
