// The portal widget across two origins: the demo portal (scripts/demo-portal.mjs) on 127.0.0.2
// embeds cvw's widget from 127.0.0.1, signs its user in with a token, turns a tel: link into a
// call the user confirms, and hears the call's states through window.cvw; the popup sign-in for a
// portal without tokens; a page on an unlisted origin can neither frame the widget nor talk to it;
// and forged, replayed and foreign tokens are refused, each with its reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  startServer, startDemoPbx, chromiumArgs, paths, freePort, en, words, signIn, accessibilityViolations,
} from './harness.mjs';
import { mintToken, startPortal } from '../../scripts/demo-portal.mjs';

const key = 'widget-test-portal-key-0123456789';
let server;
let browser;
let pbx;
let portal;
let portalOrigin;
let unlisted;
let unlistedOrigin;

before(async () => {
  pbx = await startDemoPbx();
  const portalPort = await freePort();
  const unlistedPort = await freePort();
  portalOrigin = `http://127.0.0.2:${portalPort}`;
  unlistedOrigin = `http://127.0.0.3:${unlistedPort}`;
  server = await startServer([
    '[policy]', 'global_caller_id = "+14255550000"', ...pbx.config(),
    '[[portals]]', 'id = "demo"', `origins = ["${portalOrigin}"]`, `key = "${key}"`,
  ]);
  portal = await startPortal({ host: '127.0.0.2', port: portalPort, cvw: server.origin, portal: 'demo', key });
  unlisted = await startPortal({ host: '127.0.0.3', port: unlistedPort, cvw: server.origin, portal: 'demo', key });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  portal?.close();
  unlisted?.close();
  await server?.stop();
  pbx?.stop();
});

/** The demo portal signed in as `as`, in a fresh browser context; `widget()` is cvw's frame in it. */
async function openPortal(as, { origin = portalOrigin, locale = 'en-US', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ locale, colorScheme, viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  const problems = [];
  const consoled = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => consoled.push(m.text()));
  await page.goto(`${origin}/?as=${as}`);
  const widget = () => page.frames().find((f) => f.url().startsWith(`${server.origin}/embed/widget.html`));
  return { context, page, problems, consoled, widget };
}

/** What the portal's page logged (cvw.on's events and its buttons' results), one string a line. */
const heard = (page) => page.$$eval('#log li', (lines) => lines.map((li) => li.textContent.split(/\s{2}/)[1] ?? ''));
const hears = (page, text, timeout = 20000) =>
  page.waitForFunction((t) => document.querySelector('#log').textContent.includes(t), text, { timeout });

test('a tel: link on the portal becomes a call the user confirms; the portal hears it go through', async () => {
  const { context, page, problems, widget } = await openPortal('alice');
  await hears(page, 'signed_in {"username":"alice","display_name":"Alice Smith"}');
  assert.equal(await page.evaluate(() => document.querySelector('cvw-widget').shadowRoot), null, 'a closed shadow root');

  // A click on the image inside the link: the browser's own tel: handler never runs, the widget asks.
  await page.click('a[href="tel:1002"] img');
  const frame = widget();
  await frame.waitForSelector('#confirm:not([hidden])');
  assert.equal(await frame.textContent('#confirm-title'), en('page.call_confirm', { name: 'Bob Jones' }));
  assert.equal(await frame.textContent('#confirm-detail'), en('widget.confirm_from_portal', { number: '1002' }));
  assert.equal(await frame.evaluate(() => document.activeElement.id), 'confirm', 'the question takes the focus');
  assert.equal(new URL(page.url()).origin, portalOrigin, 'no navigation');
  await assert.rejects(frame.waitForSelector('#call-panel:not([hidden])', { timeout: 1000 }), 'nothing dialled before Call');

  await frame.click('#confirm-call');
  await frame.waitForFunction((t) => document.querySelector('#call-title').textContent === t,
    en('call.title.connected', { name: 'Bob Jones' }), { timeout: 20000 });
  assert.equal(await frame.textContent('#call-announce'), en('call.title.connected', { name: 'Bob Jones' }));
  await page.screenshot({ path: path.join(paths.artifacts(), 'widget-connected.png') });
  await page.click('#hang-up');
  await hears(page, '"state":"ended","reason":"hung_up_by_user"');
  const states = (await heard(page)).filter((l) => l.startsWith('call_state')).map((l) => JSON.parse(l.slice('call_state '.length)).state);
  assert.deepEqual(states, ['calling_own_phone', 'own_phone_answered', 'calling_callee', 'connected', 'ended']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('window.cvw: Cancel is the call\'s result; a call clicked in the widget needs no confirm', async () => {
  const { context, page, problems, widget } = await openPortal('carol');
  await hears(page, 'signed_in');
  await page.click('#call-bob');
  const frame = widget();
  await frame.waitForSelector('#confirm:not([hidden])');
  await frame.press('#confirm', 'Escape');
  await hears(page, 'cvw.call("bob") → {"ok":false,"error":"cancelled"}');

  await frame.fill('#search-input', 'bob');
  await frame.click('#search button[data-call="bob"]:not([disabled])');
  await frame.waitForSelector('#call-panel.connected', { timeout: 20000 });
  assert.equal(await frame.isHidden('#confirm'), true);
  await frame.click('#call-panel [data-action="hang_up"]');
  await frame.waitForSelector('#recent button[data-number="bob"]');
  assert.deepEqual(problems, []);
  await context.close();
});

test('favourites: a star in the widget keeps a colleague, the page lists them too, both follow their presence', async () => {
  const { context, page, problems, widget } = await openPortal('bob');
  await hears(page, 'signed_in');
  await page.click('#open-widget');
  const frame = widget();
  await frame.waitForSelector('#favourites .hint:not([hidden])');
  assert.equal(await frame.textContent('#favourites .hint'), en('page.favourites_empty'));

  await frame.fill('#search-input', 'carol');
  await frame.click('#search button[data-favourite="carol"]');
  await frame.waitForSelector('#favourites li button[data-call="carol"]');
  assert.equal(await frame.textContent('#favourites .contact-name'), 'Carol Diaz');
  assert.equal(await frame.isHidden('#favourites .hint'), true);
  assert.equal(await frame.getAttribute('#search button[data-favourite="carol"]', 'aria-label'),
    en('page.remove_favourite', { name: 'Carol Diaz' }), 'the star in the results now takes her out');
  assert.match(await frame.getAttribute('#favourites .dot', 'class'), /\boffline\b/);

  // Carol opens cvw: her dot in Bob's favourites turns available without a search.
  await frame.fill('#search-input', '');
  const carol = await signIn(browser, server, 'carol');
  await frame.waitForSelector('#favourites .dot.available');

  // Bob's own page lists her too, and a star there takes her out of the widget's list as well.
  const bobsPage = await signIn(browser, server, 'bob');
  await bobsPage.page.waitForSelector('#favourites button[data-username="carol"] .dot.available');
  assert.equal(await bobsPage.page.textContent('#favourites .contact-name'), 'Carol Diaz');
  await bobsPage.page.click('#favourites button[data-favourite="carol"]');
  await bobsPage.page.waitForSelector('#favourites .hint:not([hidden])');
  await frame.waitForSelector('#favourites .hint:not([hidden])');
  assert.equal(await frame.$$eval('#favourites li', (rows) => rows.length), 0);
  assert.deepEqual([...problems, ...carol.problems, ...bobsPage.problems], []);
  await carol.context.close();
  await bobsPage.context.close();
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`WCAG 2.2 AA in the widget (${colorScheme}): signed in, a search, the question, a call, an incoming call`, async () => {
    const { context, page, problems, widget } = await openPortal('carol', { colorScheme });
    await hears(page, 'signed_in');
    await page.click('#open-widget');
    const frame = widget();
    await frame.waitForSelector('#main:not([hidden])');
    const expectAccessible = async (view) => {
      const violations = await accessibilityViolations(frame);
      await page.screenshot({ path: path.join(paths.artifacts(), `a11y-widget-${view}-${colorScheme}.png`) });
      assert.deepEqual(violations, [], `the widget, ${view}, ${colorScheme}`);
    };
    await expectAccessible('signed-in');
    await frame.fill('#search-input', 'bob');
    await frame.waitForSelector('#search button[data-call="bob"]:not([disabled])');
    await expectAccessible('search');
    await frame.fill('#search-input', '');

    await page.click('#call-bob');
    await frame.waitForSelector('#confirm:not([hidden])');
    await expectAccessible('confirm');
    await frame.click('#confirm-call');
    await frame.waitForSelector('#call-panel.connected', { timeout: 20000 });
    await expectAccessible('call');
    await frame.click('#call-panel [data-action="hang_up"]');
    await frame.waitForSelector('#call-panel.ended');

    const caller = await pbx.dial('cvw-carol', '+14255550102', 500);
    await frame.waitForSelector('#incoming-panel:not([hidden])', { timeout: 15000 });
    await expectAccessible('incoming');
    await frame.click('#incoming-panel [data-action="decline"]');
    assert.equal(await caller.exited, 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a portal without tokens: the widget\'s Sign in opens cvw\'s popup, whose code signs it in', async () => {
  const { context, page, problems, widget } = await openPortal('nobody', { locale: 'fr-FR' });
  await hears(page, 'ready');
  await page.click('#open-widget');
  const frame = widget();
  await frame.waitForSelector('#sign-in-button:not([hidden])', { timeout: 10000 });
  const fr = words('fr');
  assert.equal(await frame.textContent('#sign-in-text'), fr('widget.sign_in_needed'));
  const [popup] = await Promise.all([page.waitForEvent('popup'), frame.click('#sign-in-button')]);
  await popup.waitForSelector('#sign-in-form:not([hidden])');
  assert.equal(await popup.title(), fr('widget.signin_title'));
  await popup.fill('#username', 'bob');
  await popup.fill('#password', server.users.bob);
  await popup.click('#sign-in-button');
  await popup.waitForEvent('close');
  await hears(page, 'signed_in {"username":"bob","display_name":"Bob Jones"}');
  assert.equal(await frame.textContent('#me-name'), 'Bob Jones');

  await frame.click('#sign-out');
  await hears(page, 'signed_out');
  // The widget reloads and signs in from the top: no token here, so Sign in again, saying why.
  await frame.waitForSelector('#sign-in-button:not([hidden])');
  assert.equal(await frame.textContent('#sign-in-text'), fr('widget.signed_out'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page on an unlisted origin can neither frame the widget nor talk to it', async () => {
  const { context, page, consoled } = await openPortal('alice', { origin: unlistedOrigin });
  const result = await page.evaluate(() => new Promise((resolve) => {
    const ask = () => window.cvw.setPresence('busy').then(resolve);
    if (window.cvw) ask();
    else document.getElementById('cvw-loader').addEventListener('load', ask);
  }));
  assert.deepEqual(result, { ok: false, error: 'unavailable' });
  assert.ok(consoled.some((text) => text.includes('frame-ancestors')), 'the browser refused to frame it');
  assert.ok(!(await heard(page)).some((l) => l.startsWith('signed_in')), 'nobody signed in there');
  await context.close();
});

test('forged, replayed, foreign and expired tokens are refused, each with its reason', async () => {
  const exchange = async (token) => {
    const res = await fetch(`${server.origin}/api/embed/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.origin },
      body: JSON.stringify({ portal: 'demo', token }),
    });
    return [res.status, await res.json()];
  };
  const good = mintToken({ portal: 'demo', user: 'alice', key });
  const [status, session] = await exchange(good);
  assert.equal(status, 200);
  assert.match(session.session, /^[\w-]{32,}$/, 'an opaque token');
  assert.equal(session.username, 'alice');
  const refused = (reason) => [401, { error: 'invalid_token', reason }];
  assert.deepEqual(await exchange(good), refused('replayed'));
  assert.deepEqual(await exchange(mintToken({ portal: 'demo', user: 'alice', key: 'not the key' })), refused('bad_signature'));
  assert.deepEqual(await exchange(mintToken({ portal: 'crm', user: 'alice', key })), refused('wrong_issuer'));
  assert.deepEqual(await exchange(mintToken({ portal: 'demo', user: 'alice', key, now: Date.now() - 10 * 60000 })), refused('expired'));
  assert.deepEqual(await exchange(mintToken({ portal: 'demo', user: 'zed', key })), refused('unknown_user'));
  assert.deepEqual(await exchange('not-a-jwt'), refused('malformed'));
});
