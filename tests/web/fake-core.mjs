// A stand-in for the wasm core under node: commands pass as sent, and the catalog renders a key
// with its values as "key {json}", so a test can tell which words were chosen. Installing it
// binds the page's i18n to it (English) with the few browser globals that needs.
import { useCatalog } from '../../web/js/i18n.js';

export const fakeCore = {
  protocolVersion: () => '2',
  encodeCommand: (json) => ({ ok: true, text: json }),
  decodeEvent: (json) => ({ ok: true, event: JSON.parse(json) }),
  render: (language, key, params) => (params === '{}' ? key : `${key} ${params}`),
  useCatalog: () => '',
  negotiateLanguage: () => 'en',
  languages: () => 'en',
};

export async function installFakeCore() {
  globalThis.document ??= { documentElement: {}, querySelectorAll: () => [] };
  globalThis.navigator ??= { languages: ['en-US'] };
  globalThis.WebSocket ??= { OPEN: 1 };
  await useCatalog(fakeCore, async () => '{}');
}

/** A socket that is open and keeps what is sent on it, parsed. */
export function openSocket() {
  const sent = [];
  return { readyState: 1, sent, send: (text) => sent.push(JSON.parse(text)) };
}
