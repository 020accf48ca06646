// The page's words: every text comes from a message catalog (shared/i18n/) rendered by the wasm
// core, in the language the user picked in Settings (kept with the account, and in this browser so
// a visit starts in it), else the first of the browser's preferences that cvw speaks. The core knows
// the languages; the page fetches only the one catalog it shows. The server sends codes, never words.
let core = null;
let language = 'en';

const storageKey = 'cvw.language';

/**
 * The catalog language to show: `picked` when cvw has it, else the first of `preferences` (BCP 47
 * tags, most wanted first) that `negotiate` maps to a catalog, else English. `negotiate` answers
 * English for a tag it cannot place, so English counts only when it was asked for.
 */
export function chooseLanguage(picked, preferences, negotiate, available) {
  if (picked && available.includes(picked)) return picked;
  for (const tag of preferences) {
    if (!tag) continue;
    const found = negotiate(tag);
    if (found !== 'en' || tag.toLowerCase().split(/[-_]/)[0] === 'en') return found;
  }
  return 'en';
}

/** Fills every marked element under `root` with its words: text, placeholder and aria-label. */
export function translatePage(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

/**
 * Binds the loaded core, picks the page's language, gives the core that language's catalog (from
 * `catalogText`, by default the server's copy) and words the static page. Rejects when the catalog
 * cannot be had: the page cannot start without its words.
 */
export async function useCatalog(loadedCore, catalogText = fetchCatalog) {
  core = loadedCore;
  language = chooseLanguage(pickedLanguage(), browserPreferences(), (tag) => core.negotiateLanguage(tag), languages());
  const problem = core.useCatalog(language, await catalogText(language));
  if (problem) throw new Error(`catalog ${language}: ${problem}`);
  document.documentElement.lang = language;
  translatePage(document);
}

async function fetchCatalog(code) {
  const response = await fetch(`/wasm/i18n/${code}.json`);
  if (!response.ok) throw new Error(`catalog ${code}: HTTP ${response.status}`);
  return response.text();
}

/** The language the browser's preferences lead to, picked or not. */
export function browserLanguage() {
  return chooseLanguage('', browserPreferences(), (tag) => core.negotiateLanguage(tag), languages());
}

function browserPreferences() {
  return navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
}

/** The languages cvw speaks, English first (codes such as "ko"). */
export function languages() {
  return core.languages().split(',');
}

/** The language picked in Settings on this browser, or '' to follow the browser. */
export function pickedLanguage() {
  try {
    return localStorage.getItem(storageKey) || '';
  } catch {
    return ''; // storage blocked: follow the browser
  }
}

/** Keeps the pick ('' to follow the browser) in this browser; false when storage is blocked. */
function keepPick(code) {
  try {
    if (code) localStorage.setItem(storageKey, code);
    else localStorage.removeItem(storageKey);
    return true;
  } catch {
    return false;
  }
}

/** Keeps the pick ('' to follow the browser) and shows the page again in it. */
export function pickLanguage(code) {
  if (keepPick(code)) location.reload();
}

/**
 * The account's language (settings.language; '' follows the browser) is the one to show: kept here
 * too, so the next visit starts in it, and the page shown again when it differs from what this
 * page shows (another tab of this browser may have kept the pick already). Without storage the
 * page stays as it is rather than reload into the same language again and again.
 */
export function followAccountLanguage(account) {
  if (account !== pickedLanguage() && !keepPick(account)) return;
  const wanted = chooseLanguage(account, browserPreferences(), (tag) => core.negotiateLanguage(tag), languages());
  if (wanted !== language) location.reload();
}

/** The catalog language in use, e.g. "en"; the tab states it in hello. */
export function currentLanguage() {
  return language;
}

/** The catalog's text for `key` with `params` (strings or numbers). */
export function t(key, params = {}) {
  return core.render(language, key, JSON.stringify(params));
}
