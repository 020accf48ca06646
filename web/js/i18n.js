// The page's words: every text comes from the message catalog in the wasm core (shared/i18n/),
// in the language negotiated from the browser's preferences. The server sends codes, never words.
let core = null;
let language = 'en';

/** Binds the catalog of the loaded core and picks the language the page is shown in. */
export function useCatalog(loadedCore) {
  core = loadedCore;
  const wanted = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  language = core.negotiateLanguage(wanted);
  document.documentElement.lang = language;
}

/** The catalog language in use, e.g. "en"; the tab states it in hello. */
export function currentLanguage() {
  return language;
}

/** The catalog's text for `key` with `params` (strings or numbers). */
export function t(key, params = {}) {
  return core.render(language, key, JSON.stringify(params));
}
