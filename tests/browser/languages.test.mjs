// The page in each of its six languages, as a browser set to that language shows it: sign-in, the
// main page and a call through the demo PBX, with every text from that language's catalog, no raw
// code, no English left over and no empty label. Then a language picked in Settings, kept with the
// account: the next visit and another browser show it. The browser's language is the context's
// locale: headless Chromium ignores --lang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, startDemoPbx, chromiumArgs, paths, catalog, words } from './harness.mjs';

let server;
let browser;
let pbx;

before(async () => {
  pbx = await startDemoPbx();
  server = await startServer(['[policy]', 'global_caller_id = "+14255550000"', ...pbx.config()]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  pbx?.stop();
});

const english = catalog('en');

/**
 * What a page in `language` must not show: raw catalog keys, and English sentences the language
 * words differently (any English text of two words or more that its catalog does not share).
 */
async function expectOnlyWordsOf(page, language) {
  const shown = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(shown, /\b(page|call|meeting|presence|error|incoming|phone|service|language|peer)\.[a-z_.]+\b/,
    'a raw catalog key shows');
  if (language !== 'en') {
    const theirs = catalog(language);
    for (const [key, text] of Object.entries(english)) {
      if (/[{}]/.test(text) || !text.includes(' ') || theirs[key] === text) continue;
      assert.ok(!shown.includes(text), `English "${text}" (${key}) shows on the ${language} page`);
    }
  }
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('button, label, h2, option, select, input')]
      .filter((el) => el.checkVisibility?.() !== false && el.getClientRects().length > 0)
      .filter((el) => !(el.textContent.trim() || el.getAttribute('aria-label') || el.placeholder || el.labels?.length || el.id === 'username' || el.id === 'password'))
      .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, [], 'an element shows without words');
}

for (const [locale, language] of [['en-US', 'en'], ['ko-KR', 'ko'], ['ru-RU', 'ru'], ['zh-CN', 'zh'], ['es-ES', 'es'], ['fr-FR', 'fr']]) {
  test(`a browser set to ${locale} gets the page in its language, from sign-in to a call`, async () => {
    const w = words(language);
    const context = await browser.newContext({ locale, viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.origin);
    await page.waitForSelector('#sign-in:not([hidden])');
    assert.equal(await page.getAttribute('html', 'lang'), language);
    assert.equal(await page.title(), w('page.title'));
    assert.equal(await page.textContent('#sign-in-button'), w('page.sign_in'));
    assert.equal(await page.textContent('.tagline'), w('page.tagline'));
    await expectOnlyWordsOf(page, language);

    await page.fill('#username', 'alice');
    await page.fill('#password', server.users.alice);
    await page.click('#sign-in-button');
    await page.waitForSelector('#app:not([hidden])');
    await page.waitForSelector('#call-service', { state: 'hidden' });
    assert.equal(await page.textContent('#meetings-heading'), w('page.meetings'));
    assert.equal(await page.textContent('#meet-now'), w('page.meet_now'));
    assert.equal(await page.textContent('#presence-select option[value="busy"]'), w('presence.busy'));
    assert.equal(await page.getAttribute('#search-input', 'placeholder'), w('page.search_placeholder'));
    await expectOnlyWordsOf(page, language);

    await page.fill('#search-input', 'bob');
    const call = page.locator('#search-results button[data-call="bob"]');
    await call.waitFor();
    await page.waitForFunction(() => !document.querySelector('#search-results button[data-call="bob"]').disabled);
    await call.click();
    const connected = w('call.title.connected', { name: 'Bob Jones' });
    await page.waitForFunction((text) => document.querySelector('#call-title').textContent === text, connected);
    await expectOnlyWordsOf(page, language);
    await page.screenshot({ path: path.join(paths.artifacts(), `language-${language}.png`) });
    await page.click('#call-hang-up');
    await page.waitForFunction((text) => document.querySelector('#call-title').textContent === text, w('call.title.ended'));
    assert.equal(await page.textContent('#call-detail'), w('call.ended.hung_up_by_user'));
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a language picked in Settings shows at once and is kept with the account, for every browser', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.origin);
  await page.fill('#username', 'alice');
  await page.fill('#password', server.users.alice);
  await page.click('#sign-in-button');
  await page.waitForSelector('#app:not([hidden])');

  await page.click('#settings-button');
  const choices = await page.$$eval('#language-select option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(choices, [['', words('en')('page.language_browser', { language: 'English' })],
    ['en', 'English'], ['ko', '한국어'], ['ru', 'Русский'], ['zh', '简体中文'], ['es', 'Español'], ['fr', 'Français']]);
  await Promise.all([page.waitForEvent('load'), page.selectOption('#language-select', 'ko')]);
  await page.waitForSelector('#app:not([hidden])');
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.equal(await page.textContent('#meetings-heading'), words('ko')('page.meetings'));

  const again = await context.newPage(); // the next visit, same browser
  await again.goto(server.origin);
  await again.waitForSelector('#app:not([hidden])');
  assert.equal(await again.getAttribute('html', 'lang'), 'ko');

  // Kept with the account, not the browser: another browser, set to English, follows it once
  // signed in, and stays in it on reload.
  const elsewhere = await browser.newContext({ locale: 'en-US' });
  const other = await elsewhere.newPage();
  await other.goto(server.origin);
  await other.fill('#username', 'alice');
  await other.fill('#password', server.users.alice);
  await other.click('#sign-in-button');
  await other.waitForFunction(() => document.documentElement.lang === 'ko' && !document.querySelector('#app').hidden,
    null, { timeout: 15000 });
  assert.equal(await other.textContent('#meetings-heading'), words('ko')('page.meetings'));
  await other.reload();
  await other.waitForSelector('#app:not([hidden])');
  assert.equal(await other.getAttribute('html', 'lang'), 'ko');

  await again.click('#settings-button');
  assert.equal(await again.inputValue('#language-select'), 'ko');
  await Promise.all([again.waitForEvent('load'), again.selectOption('#language-select', '')]);
  await again.waitForSelector('#app:not([hidden])');
  assert.equal(await again.getAttribute('html', 'lang'), 'en', 'back to what the browser says');
  await other.waitForFunction(() => document.documentElement.lang === 'en' && !document.querySelector('#app').hidden,
    null, { timeout: 15000 });
  await elsewhere.close();
  await context.close();
});
