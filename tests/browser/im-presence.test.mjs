// Two people in two browser contexts sign in, find each other, watch presence change and chat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, paths, en, literal } from './harness.mjs';

let server;
let browser;

before(async () => {
  // One free failed sign-in per account, so the throttling test below needs only three attempts.
  server = await startServer([], ['login_failures_before_delay = 1']);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  const code = await server?.stop();
  assert.equal(code, 0, `server should exit cleanly on SIGTERM:\n${server?.log()}`);
});

async function signedIn(username, viewport = { width: 1100, height: 720 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(server.origin);
  await page.fill('#username', username);
  await page.fill('#password', server.users[username]);
  await page.click('#sign-in-button');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#me-name').textContent !== '');
  return { context, page, problems };
}

const shot = (page, name) => page.screenshot({ path: path.join(paths.artifacts(), name), fullPage: true });

test('a wrong password is refused with a message', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin);
  await page.fill('#username', 'alice');
  await page.fill('#password', 'not-the-password');
  await page.click('#sign-in-button');
  await page.waitForFunction(() => document.querySelector('#sign-in-error').textContent !== '');
  assert.equal(await page.textContent('#sign-in-error'), en('http.invalid_credentials'));
  await shot(page, 'sign-in-error.png');
  await context.close();
});

test('a throttled sign-in says how long to wait and holds the button until then', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin);
  await page.fill('#username', 'nobody');
  await page.fill('#password', 'guess');
  // The second failure starts a 1 s wait; the next attempt normally lands inside it (each further
  // failure doubles the wait, so a slow machine gets there one attempt later).
  const throttled = en('http.login_throttled').split('{')[0]; // the words before the wait
  let message = '';
  for (let i = 0; i < 4 && !message.startsWith(throttled); i += 1) {
    await page.click('#sign-in-button');
    await page.waitForFunction(() => document.querySelector('#sign-in-error').textContent !== '');
    message = await page.textContent('#sign-in-error');
    if (i < 2) assert.equal(message, en('http.invalid_credentials'));
  }
  assert.ok(message.startsWith(throttled), message);
  assert.match(message.slice(throttled.length), /^\d+ /);
  const waiting = literal(en('page.sign_in_wait', { seconds: '#' })).replace('#', '\\d+');
  assert.match(await page.textContent('#sign-in-button'), new RegExp(`^${waiting}$`));
  assert.equal(await page.isDisabled('#sign-in-button'), true);
  await shot(page, 'sign-in-throttled.png');
  await page.waitForFunction(() => !document.querySelector('#sign-in-button').disabled, null, { timeout: 10000 });
  assert.equal(await page.textContent('#sign-in-button'), en('page.sign_in'));
  await context.close();
});

test('alice and bob find each other, see presence change and exchange IMs', async () => {
  const alice = await signedIn('alice');
  assert.equal(await alice.page.textContent('#me-name'), 'Alice Smith');

  // Alice finds Bob while he is offline.
  await alice.page.fill('#search-input', 'bo');
  const bobRow = alice.page.locator('#search-results button[data-username="bob"]');
  await bobRow.waitFor();
  assert.match(await bobRow.textContent(), /Bob Jones/);
  assert.equal(await bobRow.locator('.dot').getAttribute('class'), 'dot offline');

  // Bob signs in: Alice sees him become available without searching again.
  const bob = await signedIn('bob', { width: 360, height: 740 });
  await alice.page.waitForSelector('#search-results button[data-username="bob"] .dot.available');

  // Bob chooses Do not disturb; Alice sees it.
  await bob.page.selectOption('#presence-select', 'do_not_disturb');
  await alice.page.waitForSelector('#search-results button[data-username="bob"] .dot.do_not_disturb');

  // Alice opens a conversation and writes; Bob gets it with an unread badge and her name, then opens it.
  await bobRow.click();
  await alice.page.fill('#composer-input', 'Hi Bob, lunch at noon?');
  await alice.page.press('#composer-input', 'Enter');
  await alice.page.waitForSelector('#message-list .message.mine:not(.pending)');
  await bob.page.waitForSelector('#conversation-list button[data-username="alice"] .badge');
  assert.equal(await bob.page.textContent('#conversation-list button[data-username="alice"] .badge'), '1');
  await bob.page.waitForFunction(() => document.querySelector('#conversation-list button[data-username="alice"] .contact-name')
    .textContent === 'Alice Smith');
  await shot(bob.page, 'bob-unread-360px.png');

  await bob.page.click('#conversation-list button[data-username="alice"]');
  await bob.page.waitForSelector('#message-list .message:not(.mine)');
  assert.equal(await bob.page.locator('#message-list .message').first().evaluate((n) => n.firstChild.textContent),
    'Hi Bob, lunch at noon?');
  // At 360 px the conversation takes the whole width and the sidebar is hidden.
  assert.equal(await bob.page.isVisible('#sidebar'), false);
  const overflow = await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than a 360px screen`);

  await bob.page.fill('#composer-input', 'Sure, see you there.');
  await bob.page.click('#send-button');
  await alice.page.waitForFunction(() => [...document.querySelectorAll('#message-list .message')]
    .some((m) => m.firstChild.textContent === 'Sure, see you there.'));
  // Bob's confirmed reply came after the history page on the same socket: the whole history is
  // known, so there is nothing earlier to load.
  await bob.page.waitForSelector('#message-list .message.mine:not(.pending)');
  assert.equal(await bob.page.isVisible('#load-earlier'), false);
  // Each now lists the other under Recent, with presence, a call button and a star.
  await alice.page.waitForSelector('#recent-contacts button[data-username="bob"] .dot.do_not_disturb');
  assert.equal(await alice.page.isVisible('#recent-contacts button[data-call="bob"]'), true);
  assert.equal(await alice.page.isHidden('#recent-contacts .hint'), true);
  await shot(alice.page, 'alice-conversation.png');
  await shot(bob.page, 'bob-conversation-360px.png');

  // Bob signs out: Alice sees him go offline.
  await bob.page.click('#sign-out');
  await alice.page.waitForSelector('#conversation-list button[data-username="bob"] .dot.offline');

  // History survives: Bob signs in again, finds Alice under Recent before any search, and
  // reopens the conversation from there.
  const bobAgain = await signedIn('bob');
  await bobAgain.page.waitForSelector('#recent-contacts button[data-username="alice"] .dot.available');
  assert.equal(await bobAgain.page.textContent('#recent-contacts .contact-name'), 'Alice Smith');
  await bobAgain.page.click('#recent-contacts button[data-username="alice"]');
  await bobAgain.page.waitForFunction(() => document.querySelectorAll('#message-list .message').length === 2);

  for (const who of [alice, bob, bobAgain]) assert.deepEqual(who.problems, []);
  await Promise.all([alice.context.close(), bob.context.close(), bobAgain.context.close()]);
});

test('a user sets the phone cvw rings first in Settings, within the dial plan', async () => {
  const carol = await signedIn('carol');
  await carol.page.click('#settings-button');
  await carol.page.waitForSelector('#settings-dialog[open]');
  await carol.page.waitForFunction(() => document.querySelector('#callback-current').textContent
    === 'cvw rings +14255550103 for your calls.');

  await carol.page.fill('#callback-input', 'my mobile');
  await carol.page.click('#settings-save');
  await carol.page.waitForFunction(() => document.querySelector('#settings-error').textContent !== '');
  assert.equal(await carol.page.textContent('#settings-error'), "'my mobile' is not a phone number cvw can dial.");
  assert.ok(await carol.page.isVisible('#settings-dialog'));

  await carol.page.fill('#callback-input', '(425) 555-0199');
  await carol.page.click('#settings-save');
  await carol.page.waitForSelector('#settings-dialog', { state: 'hidden' });
  await carol.page.click('#settings-button');
  assert.equal(await carol.page.inputValue('#callback-input'), '+14255550199');
  assert.equal(await carol.page.textContent('#callback-current'), 'cvw rings +14255550199 for your calls.');
  await shot(carol.page, 'settings.png');
  assert.deepEqual(carol.problems, []);
  await carol.context.close();
});

test('with the server gone the banner pushes the page down, counts down, keeps what was typed, and Retry now reconnects', async () => {
  const carol = await signedIn('carol');
  const { page } = carol;
  await page.fill('#search-input', 'alice');
  await page.click('#search-results button[data-username="alice"]');
  await page.waitForSelector('#conversation-pane:not([hidden])');
  const topBefore = await page.locator('.topbar').boundingBox();

  assert.equal(await server.stop(), 0);
  await page.waitForFunction((lost) => document.querySelector('#banner .banner-text').textContent === lost, en('page.connection_lost'));
  // In the flow, not over it: the top bar moved down by the banner's height and stays usable.
  const banner = await page.locator('#banner').boundingBox();
  const topbar = await page.locator('.topbar').boundingBox();
  assert.ok(topbar.y >= banner.y + banner.height - 0.5, `the banner (${JSON.stringify(banner)}) covers the top bar (${JSON.stringify(topbar)})`);
  assert.ok(topbar.y > topBefore.y);
  assert.equal(await page.isVisible('#sign-out'), true);

  // The countdown ticks, for the eye; the live region says "lost" and nothing else.
  const countdown = () => page.textContent('#banner .banner-countdown');
  const seconds = async () => Number((await countdown()).match(/\d+/)?.[0] ?? NaN);
  await page.waitForFunction(() => /\d/.test(document.querySelector('#banner .banner-countdown').textContent));
  assert.equal(await page.getAttribute('#banner .banner-countdown', 'aria-hidden'), 'true');
  // Wait for a back-off of 4 s or more, then see the number fall.
  await page.waitForFunction(() => Number(document.querySelector('#banner .banner-countdown').textContent.match(/\d+/)?.[0]) >= 4,
    null, { timeout: 20000 });
  const first = await seconds();
  await page.waitForFunction((n) => Number(document.querySelector('#banner .banner-countdown').textContent.match(/\d+/)?.[0]) < n, first);
  assert.match(await countdown(), new RegExp(literal(en('page.reconnecting_in', { seconds: 9 })).replace('9', '\\d+')));
  await shot(page, 'reconnecting.png');

  // A message typed meanwhile stays in the box, and the notice does not cover it.
  await page.fill('#composer-input', 'Back online');
  await page.press('#composer-input', 'Enter');
  await page.waitForSelector('#toast:not([hidden])');
  assert.equal(await page.textContent('#toast'), en('error.offline'));
  assert.equal(await page.inputValue('#composer-input'), 'Back online');
  const toastBox = await page.locator('#toast').boundingBox();
  const composer = await page.locator('#composer').boundingBox();
  assert.ok(toastBox.y + toastBox.height <= composer.y || toastBox.y >= composer.y + composer.height, 'the notice covers the message box');

  // The server is back; Retry now connects well before the countdown would.
  await server.restart();
  const left = await seconds();
  const clicked = Date.now();
  await page.click('#banner .banner-retry');
  await page.waitForFunction((text) => document.querySelector('#banner .banner-text').textContent === text, en('page.reconnected'),
    { timeout: 3000 });
  assert.ok(Date.now() - clicked < Math.max(left - 1, 1) * 1000, `Retry now took ${Date.now() - clicked} ms with ${left} s left`);
  await page.waitForSelector('#banner', { state: 'hidden' });

  // The sign-in survived the restart, and the conversation works again.
  await page.press('#composer-input', 'Enter');
  await page.waitForSelector('#message-list .message.mine:not(.pending)');
  assert.deepEqual(carol.problems.filter((p) => !p.includes('WebSocket') && !p.includes('ERR_CONNECTION_REFUSED')), []);
  await carol.context.close();
});
