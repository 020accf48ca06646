// The page's choice of language, without a browser: a pick kept in Settings wins when cvw has
// it, else the first browser preference cvw speaks, else English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLanguage, currentLanguage, followAccountLanguage, useCatalog } from '../../web/js/i18n.js';

const available = ['en', 'ko', 'ru', 'zh', 'es', 'fr'];
/** As the core negotiates: the primary subtag when there is a catalog for it, else English. */
const negotiate = (tag) => {
  const primary = tag.toLowerCase().split(/[-_]/)[0];
  return available.includes(primary) ? primary : 'en';
};

test('a language picked in Settings wins when cvw has it', () => {
  assert.equal(chooseLanguage('fr', ['ko-KR', 'ko'], negotiate, available), 'fr');
  assert.equal(chooseLanguage('de', ['ko-KR'], negotiate, available), 'ko', 'a pick cvw no longer has is passed over');
});

test('otherwise the first browser preference cvw speaks', () => {
  assert.equal(chooseLanguage('', ['ko-KR', 'ko', 'en-US'], negotiate, available), 'ko');
  assert.equal(chooseLanguage('', ['de-DE', 'de', 'ru'], negotiate, available), 'ru', 'German is skipped, Russian is next');
  assert.equal(chooseLanguage('', ['zh-Hans-CN'], negotiate, available), 'zh');
  assert.equal(chooseLanguage('', ['es-419'], negotiate, available), 'es');
});

test('English when it is asked for first, or when nothing else fits', () => {
  assert.equal(chooseLanguage('', ['en-GB', 'fr'], negotiate, available), 'en');
  assert.equal(chooseLanguage('', ['de', 'it'], negotiate, available), 'en');
  assert.equal(chooseLanguage('', [], negotiate, available), 'en');
  assert.equal(chooseLanguage('', [undefined, ''], negotiate, available), 'en');
});

test('only the catalog of the language shown is fetched, and a refused one stops the page', async () => {
  const translated = [];
  globalThis.navigator = { languages: ['de-DE', 'ko-KR'] };
  globalThis.document = {
    documentElement: {},
    querySelectorAll: (selector) => (selector === '[data-i18n]' ? [{ dataset: { i18n: 'page.title' } }] : []),
  };
  const loaded = [];
  const core = {
    negotiateLanguage: negotiate,
    languages: () => available.join(','),
    useCatalog: (language, text) => { loaded.push([language, text]); return text === 'broken' ? 'not a catalog' : ''; },
    render: (language, key) => { translated.push(key); return `${language}:${key}`; },
  };
  const asked = [];
  await useCatalog(core, async (language) => { asked.push(language); return '{"page.title": "x"}'; });
  assert.deepEqual(asked, ['ko']);
  assert.deepEqual(loaded, [['ko', '{"page.title": "x"}']]);
  assert.equal(currentLanguage(), 'ko');
  assert.equal(document.documentElement.lang, 'ko');
  assert.deepEqual(translated, ['page.title']);

  await assert.rejects(useCatalog(core, async () => 'broken'), /catalog ko: not a catalog/);
  await assert.rejects(useCatalog(core, async () => { throw new Error('catalog ko: HTTP 404'); }), /HTTP 404/);
});

test('a tab follows the account\'s language even when another tab of the browser kept it first', async () => {
  globalThis.navigator = { languages: ['ko-KR'] };
  globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
  const stored = new Map();
  globalThis.localStorage = {
    getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => stored.set(k, v), removeItem: (k) => stored.delete(k),
  };
  let reloads = 0;
  globalThis.location = { reload: () => { reloads += 1; } };
  const core = {
    negotiateLanguage: negotiate, languages: () => available.join(','), useCatalog: () => '', render: (l, k) => k,
  };
  await useCatalog(core, async () => '{}');
  assert.equal(currentLanguage(), 'ko');

  followAccountLanguage(''); // the account follows the browser: Korean here, as shown
  assert.equal(reloads, 0);
  stored.set('cvw.language', 'fr'); // the other tab heard "fr" first and kept it
  followAccountLanguage('fr');
  assert.equal(reloads, 1, 'this tab still shows Korean: it reloads into French');
  assert.equal(stored.get('cvw.language'), 'fr');

  globalThis.localStorage = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); } };
  followAccountLanguage('es');
  assert.equal(reloads, 1, 'without storage a reload would start in Korean again: it stays');
});
