// Calls in the page against a real server, Kamailio and simulated desk phones (the demo PBX):
// click-to-call, typed numbers, calls from a conversation, and incoming calls from a sipp caller.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer, signIn as signInAs, startDemoPbx, chromiumArgs, paths, en, literal } from './harness.mjs';

let server;
let browser;
let pbx;
let runDir;

before(async () => {
  pbx = await startDemoPbx();
  runDir = pbx.runDir;
  server = await startServer([
    '[policy]',
    'global_caller_id = "+14255550000"',
    ...pbx.config(),
    '[incoming]',
    'no_answer_seconds = 3', // unanswered incoming calls are missed after 3 s
  ]);
  // Alice's calls ring her page only (Accept dials her desk phone); everyone else has simultaneous ring.
  server.admin('policy', 'set', 'alice', '--simultaneous-ring', 'false');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  pbx?.stop();
});

test('alice clicks Bob, her phone rings, then Bob\'s; they talk, she hangs up, the call is in her recent calls', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.origin);
  await page.fill('#username', 'alice');
  await page.fill('#password', server.users.alice);
  await page.click('#sign-in-button');
  await page.waitForSelector('#app:not([hidden])');

  // Calls become available once the PBX answers cvw's keep-alive.
  await page.waitForSelector('#call-service', { state: 'hidden' });
  await page.fill('#search-input', 'bob');
  const call = page.locator('#search-results button[data-call="bob"]');
  await call.waitFor();
  await page.waitForFunction(() => !document.querySelector('#search-results button[data-call="bob"]').disabled);

  const titles = [];
  await page.exposeFunction('cvwTitle', (t) => titles.push(t));
  await page.evaluate(() => {
    new MutationObserver(() => window.cvwTitle(document.querySelector('#call-title').textContent))
      .observe(document.querySelector('#call-title'), { childList: true, characterData: true, subtree: true });
  });
  await call.click();
  await titleIs(page, en('call.title.connected', { name: 'Bob Jones' }));
  await page.screenshot({ path: path.join(paths.artifacts(), 'call-connected.png') });
  const seen = [...new Set(titles)];
  assert.deepEqual(seen.slice(0, 3), [en('call.title.calling_own_phone'), en('call.title.calling_callee', { name: 'Bob Jones' }),
    en('call.title.connected', { name: 'Bob Jones' })]);
  await page.waitForFunction(() => /^00:0[1-9]$/.test(document.querySelector('#call-detail').textContent));

  await page.click('#call-hang-up');
  await titleIs(page, en('call.title.ended'));
  assert.equal(await page.textContent('#call-detail'), en('call.ended.hung_up_by_user'));

  const recent = page.locator('#recent-calls button[data-number="bob"]').first(); // called by name
  await recent.waitFor();
  assert.match(await recent.textContent(), /Bob Jones/);
  assert.match(await recent.textContent(), new RegExp(`${en('page.recent_connected')} · 00:0\\d`));
  await page.screenshot({ path: path.join(paths.artifacts(), 'call-ended-recent.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

const signIn = (username, options) => signInAs(browser, server, username, options);

const titleIs = (page, text, timeout = 15000) =>
  page.waitForFunction((t) => document.querySelector('#call-title').textContent === t, text, { timeout });

test('carol types a number, presses the dial button and gets through', async () => {
  const { context, page, problems } = await signIn('carol');
  await page.fill('#search-input', 'bob');
  await page.locator('#search-results button[data-username="bob"]').waitFor();
  assert.equal(await page.isVisible('#dial-button'), false); // a name is searched, not dialled
  await page.fill('#search-input', '1002');
  await page.waitForSelector('#dial-button:not([hidden]):not([disabled])');
  assert.equal(await page.textContent('#dial-button'), '☎ Call 1002');
  await page.click('#dial-button');
  await titleIs(page, en('call.title.calling_own_phone'), 5000);
  await titleIs(page, en('call.title.connected', { name: 'Bob Jones' }));
  await page.click('#call-hang-up');
  await titleIs(page, en('call.title.ended'));
  await page.locator('#recent-calls button[data-number="1002"]').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the call log: direction and number on every row, refused ones too, earlier pages, and details with Call back', async () => {
  // Two dozen calls of Carol's from a month ago, straight into the log: the newest refused by the
  // dial plan (no name, only the number asked for), the others with Bob, either way.
  const carol = Number(server.sql("SELECT id FROM users WHERE username = 'carol';").trim());
  const start = Date.UTC(2026, 10, 2, 9, 0, 0);
  const rows = Array.from({ length: 23 }, (_, i) => {
    const at = start + i * 60000;
    const [direction, outcome] = i % 2 ? ['incoming', 'answered_on_phone'] : ['outgoing', 'hung_up_by_user'];
    return `(${carol}, '${direction}', 'Bob Jones', '1002', ${at}, ${at + 2000}, ${at + 32000}, '${outcome}', 'cvw', '')`;
  });
  rows.push(`(${carol}, 'outgoing', '', '+44 20 7946 0018', ${start + 3600000}, 0, ${start + 3600000}, 'not_allowed_by_policy', 'cvw', '')`);
  server.sql(`INSERT INTO calls (user_id, direction, peer_name, number, started_at, answered_at, ended_at, outcome, via, meeting_id)
    VALUES ${rows.join(', ')};`);
  const total = Number(server.sql(`SELECT count(*) FROM calls WHERE user_id = ${carol};`).trim());

  const { context, page, problems } = await signIn('carol');
  const shown = () => page.locator('#recent-calls .recent-call').count();
  await page.waitForSelector('#more-calls:not([hidden])');
  assert.equal(await shown(), 20);
  const refused = page.locator('#recent-calls button[data-number="+44 20 7946 0018"]');
  assert.equal(await refused.locator('.contact-name').textContent(), '+44 20 7946 0018');
  assert.match(await refused.textContent(), new RegExp(`↗ ${literal(en('call.ended.not_allowed_by_policy'))}`));
  assert.equal(await refused.locator('.direction').getAttribute('aria-label'), en('page.call_direction_outgoing'));
  const withBob = page.locator('#recent-calls button[data-number="1002"]');
  assert.equal(await withBob.first().locator('.number').textContent(), '1002');
  assert.equal(await withBob.locator('.direction[aria-label]').evaluateAll((marks) => new Set(marks.map((m) => m.textContent)).size), 2);

  await page.click('#more-calls');
  await page.waitForFunction((n) => document.querySelectorAll('#recent-calls .recent-call').length === n, total);
  assert.equal(await page.isHidden('#more-calls'), true);

  // A click opens the call's details and places no call; Call back does. The oldest row is seeded.
  await withBob.last().click();
  await page.waitForSelector('#call-details[open]');
  assert.equal(await page.textContent('#call-details-name'), 'Bob Jones');
  assert.equal(await page.textContent('#call-details-number'), '1002');
  assert.match(await page.textContent('#call-details-outcome'), new RegExp(`^${en('page.recent_connected')} · 00:30$`));
  assert.match(await page.textContent('#call-details-when'), /^↗ .*2026/);
  assert.equal(await page.textContent('#call-details-call'), en('page.call_back'));
  assert.equal(await page.isHidden('#call-panel'), true);
  await page.screenshot({ path: path.join(paths.artifacts(), 'call-details.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#call-details:not([open])', { state: 'attached' });
  await withBob.last().click();
  await page.click('#call-details-call');
  await page.waitForSelector('#call-details:not([open])', { state: 'attached' });
  await titleIs(page, en('call.title.connected', { name: 'Bob Jones' }));
  await page.click('#call-hang-up');
  await titleIs(page, en('call.title.ended'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a tel: or sip: link opens the page asking whether to call: Call dials, Cancel dials nothing', async () => {
  const { context, page, problems } = await signIn('carol', { path: '/?call=tel:1002' });
  await page.waitForSelector('#call-link-go');
  assert.equal(await page.textContent('#call-link .call-title'), en('page.call_confirm', { name: '1002' }));
  assert.equal(await page.isVisible('#call-panel'), false, 'nothing dials before the user says so');
  await page.click('#call-link-go');
  await titleIs(page, en('call.title.connected', { name: 'Bob Jones' }));
  assert.equal(new URL(page.url()).search, '', 'a reload does not ask again');
  await page.click('#call-hang-up');
  await titleIs(page, en('call.title.ended'));

  await page.goto(`${server.origin}/?call=${encodeURIComponent('sip:1002@pbx.example.com;transport=udp')}`);
  await page.waitForSelector('#call-link-go');
  assert.equal(await page.textContent('#call-link .call-title'), en('page.call_confirm', { name: '1002' }));
  await page.click('#call-link-cancel');
  assert.equal(await page.locator('#call-link > *').count(), 0);
  await assert.rejects(page.waitForSelector('#call-panel:not([hidden])', { timeout: 1500 }), 'no call after Cancel');

  // Settings makes the page the browser's handler for tel: and sip: links, pointing at the deep link.
  await page.evaluate(() => {
    window.registered = [];
    navigator.registerProtocolHandler = (scheme, url) => window.registered.push([scheme, url]);
  });
  await page.click('#settings-button');
  await page.click('#register-links');
  assert.deepEqual(await page.evaluate(() => window.registered),
    [['tel', `${server.origin}/?call=%s`], ['sip', `${server.origin}/?call=%s`]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a call placed from a conversation shows there, the chat goes on, and a note stays behind', async () => {
  const alice = await signIn('alice');
  const bob = await signIn('bob');
  const { page } = alice;
  await page.fill('#search-input', 'bob');
  await page.locator('#search-results button[data-username="bob"]').click();
  await page.waitForSelector('#conversation-pane:not([hidden])');
  await page.waitForSelector('#peer-call:not([disabled])');

  await page.click('#peer-call');
  await titleIs(page, en('call.title.calling_own_phone'), 5000);
  // The call panel moved into this conversation...
  assert.equal(await page.evaluate(() => document.querySelector('#call-panel').closest('#conversation-pane') !== null), true);

  // ...and messages still go both ways while the phones ring and talk.
  await page.fill('#composer-input', 'Calling you about the report');
  await page.press('#composer-input', 'Enter');
  await page.waitForSelector('#message-list li.message.mine:not(.pending)');
  await bob.page.locator('#conversation-list button[data-username="alice"]').click();
  await bob.page.waitForFunction(() => [...document.querySelectorAll('#message-list li.message')]
    .some((li) => li.textContent.includes('Calling you about the report')));

  await titleIs(page, en('call.title.connected', { name: 'Bob Jones' }));
  await page.screenshot({ path: path.join(paths.artifacts(), 'call-in-conversation.png') });
  await page.waitForFunction(() => /^00:0[1-9]$/.test(document.querySelector('#call-detail').textContent));
  await page.click('#call-hang-up');
  await titleIs(page, en('call.title.ended'));
  const note = page.locator('#message-list li.call-note');
  await note.waitFor();
  assert.match(await note.textContent(), /☎ Call with Bob Jones · 00:0\d/);

  // Another conversation does not own the call: the panel goes back above everything.
  await page.fill('#search-input', 'carol');
  await page.locator('#search-results button[data-username="carol"]').click();
  await page.waitForFunction(() => document.querySelector('#peer-name').textContent === 'Carol Diaz');
  assert.equal(await page.evaluate(() => document.querySelector('#call-panel').parentElement.id), 'call-panel-home');
  assert.deepEqual(alice.problems, []);
  assert.deepEqual(bob.problems, []);
  await alice.context.close();
  await bob.context.close();
});

/** A sipp caller dialling alice's cvw address through the demo PBX with `from` as its number. */
const callAlice = (from, talkMs = 1500) => pbx.dial('cvw-alice', from, talkMs);

const incomingTitleIs = (page, text, timeout = 15000) =>
  page.waitForFunction((t) => document.querySelector('#incoming-title').textContent === t, text, { timeout });

/**
 * Records the sound and the desktop notifications a page makes: the oscillators Web Audio starts
 * and stops, and every Notification shown (the browser's own, which the test grants), with its closing.
 */
function recordAlerts() {
  window.alerts = { tones: 0, stopped: 0, notices: [] };
  const { start, stop } = OscillatorNode.prototype;
  OscillatorNode.prototype.start = function counted(...at) {
    window.alerts.tones += 1;
    return start.apply(this, at);
  };
  OscillatorNode.prototype.stop = function counted(...at) {
    window.alerts.stopped += 1;
    return stop.apply(this, at);
  };
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      const seen = { title, body: options?.body, closed: false };
      window.alerts.notices.push(seen);
      const close = this.close.bind(this);
      this.close = () => { seen.closed = true; close(); };
    }
  };
}

const alertsOf = (page) => page.evaluate(() => window.alerts);

test('bob calls alice: her page rings with his name, she accepts, picks up her phone and they chat', async () => {
  const { context, page, problems } = await signIn('alice', { permissions: ['notifications'], initScript: recordAlerts });
  const caller = await callAlice('+14255550102', 2000);
  const ringing = en('incoming.title.ringing', { name: 'Bob Jones' });
  await incomingTitleIs(page, ringing);
  assert.equal(await page.textContent('#incoming-detail'), '+14255550102');
  // Hard to miss: it rings in the page, notifies the desktop, marks the tab and takes the focus.
  await page.waitForFunction(() => window.alerts.tones >= 2);
  assert.deepEqual((await alertsOf(page)).notices, [{ title: ringing, body: '+14255550102', closed: false }]);
  assert.equal(await page.title(), `☎ ${ringing}`);
  assert.match(await page.getAttribute('link[rel="icon"]', 'href'), /favicon-ringing\.svg$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'incoming-accept');
  await page.screenshot({ path: path.join(paths.artifacts(), 'incoming-ringing.png') });
  await page.keyboard.press('Enter'); // the focused Accept
  await incomingTitleIs(page, en('incoming.title.accepted', { name: 'Bob Jones' }), 5000);
  // Until the desk phone is picked up Decline stays, to back out; the ringing stops, and the chat
  // with Bob, opened meanwhile, takes the focus.
  assert.equal(await page.textContent('#incoming-detail'), en('incoming.detail.accepted'));
  assert.equal(await page.isVisible('#incoming-decline'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'composer-input');
  const accepted = await alertsOf(page);
  assert.equal(accepted.stopped, accepted.tones); // the ringing stopped
  assert.equal(accepted.notices[0].closed, true);
  assert.equal(await page.title(), en('page.title'));
  assert.match(await page.getAttribute('link[rel="icon"]', 'href'), /favicon\.svg$/);
  // The demo desk phone answers after 1.5 s; the chat with Bob is open meanwhile.
  await incomingTitleIs(page, en('incoming.title.connected', { name: 'Bob Jones' }));
  assert.equal((await alertsOf(page)).tones, accepted.tones); // no ring after the answer
  assert.equal(await page.textContent('#peer-name'), 'Bob Jones');
  await page.screenshot({ path: path.join(paths.artifacts(), 'incoming-talking.png') });
  assert.equal(await caller.exited, 0); // Bob hung up after 2 s of talk
  await incomingTitleIs(page, en('incoming.title.ended'));
  assert.equal(await page.textContent('#incoming-detail'), en('incoming.ended.answered_in_browser', { name: 'Bob Jones' }));
  const entry = page.locator('#recent-calls button[data-number="+14255550102"]').first();
  await entry.waitFor();
  assert.match(await entry.textContent(), new RegExp(`↙ ${en('page.recent_connected')} · 00:0\\d`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('escape declines a ringing call, and decline after accept backs out before the desk phone answers', async () => {
  const { context, page, problems } = await signIn('alice');
  const first = await callAlice('+442079460018');
  await incomingTitleIs(page, 'Caller is calling');
  await page.keyboard.press('Escape');
  await incomingTitleIs(page, en('incoming.title.ended'), 5000);
  assert.equal(await page.textContent('#incoming-detail'), en('incoming.ended.declined', { name: 'Caller' }));
  assert.equal(await first.exited, 0);
  assert.match(first.messages(), /SIP\/2\.0 603/);

  const second = await callAlice('+442079460018');
  await incomingTitleIs(page, 'Caller is calling');
  await page.click('#incoming-accept');
  await incomingTitleIs(page, en('incoming.title.accepted', { name: 'Caller' }), 5000);
  await page.click('#incoming-decline'); // the demo desk phone rings 1.5 s: still time to back out
  await incomingTitleIs(page, en('incoming.title.ended'), 5000);
  assert.equal(await page.textContent('#incoming-detail'), en('incoming.ended.declined', { name: 'Caller' }));
  assert.equal(await second.exited, 0);
  assert.match(second.messages(), /SIP\/2\.0 603/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('decline in the page: the caller hears the call was declined', async () => {
  const { context, page, problems } = await signIn('alice');
  const caller = await callAlice('+442079460018');
  await incomingTitleIs(page, 'Caller is calling');
  await page.click('#incoming-decline');
  await incomingTitleIs(page, en('incoming.title.ended'), 5000);
  assert.equal(await page.textContent('#incoming-detail'), en('incoming.ended.declined', { name: 'Caller' }));
  assert.equal(await caller.exited, 0);
  assert.match(caller.messages(), /SIP\/2\.0 603/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Do not disturb, turning calls away: the page stays quiet and the call log says what happened', async () => {
  const { context, page, problems } = await signIn('carol', { initScript: recordAlerts });
  await page.click('#settings-button');
  assert.equal(await page.inputValue('#dnd-calls-select'), 'desk_phone'); // the default
  await page.selectOption('#dnd-calls-select', 'decline');
  await page.click('#settings-cancel');
  await page.selectOption('#presence-select', 'do_not_disturb');
  // Kept with the account: a second tab shows the choice.
  const other = await context.newPage();
  await other.goto(server.origin + '/');
  await other.waitForSelector('#app:not([hidden])');
  await other.waitForFunction(() => document.querySelector('#dnd-calls-select').value === 'decline');
  await other.close();

  const caller = await pbx.dial('cvw-carol', '+442079460018', 1500);
  assert.equal(await caller.exited, 0);
  assert.match(caller.messages(), /SIP\/2\.0 486/);
  const words = en('incoming.ended.do_not_disturb', { name: 'Caller' });
  await page.waitForFunction((w) => [...document.querySelectorAll('#recent-calls .recent-call')]
    .some((e) => e.textContent.includes(w)), words);
  assert.equal(await page.isVisible('#incoming-panel'), false); // it never rang here
  assert.equal((await alertsOf(page)).tones, 0);
  assert.equal(await page.isVisible('#missed-badge'), false); // and it is not a missed call
  await page.selectOption('#presence-select', 'available');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unanswered call is missed, with a badge until recent calls are looked at', async () => {
  const { context, page, problems } = await signIn('alice');
  const caller = await callAlice('+442079460018');
  await incomingTitleIs(page, 'Caller is calling');
  await incomingTitleIs(page, en('incoming.title.missed'), 8000);
  assert.equal(await caller.exited, 0);
  await page.waitForSelector('#missed-badge:not([hidden])');
  assert.equal(await page.textContent('#missed-badge'), en('page.missed_badge', { count: 1 }));
  assert.match(await page.title(), /^\(1\) /);
  await page.screenshot({ path: path.join(paths.artifacts(), 'incoming-missed.png') });
  await page.click('#recent-calls-heading');
  await page.waitForSelector('#missed-badge', { state: 'hidden' });

  // The Missed filter shows only missed calls; Call back works from any entry.
  await page.click('.call-filters .filter[data-filter="missed"]');
  await page.waitForFunction((missed) => {
    const entries = [...document.querySelectorAll('#recent-calls .recent-call')];
    return entries.length > 0 && entries.every((e) => e.textContent.includes(missed));
  }, en('incoming.ended.missed', { name: 'Caller' }));
  await page.click('.call-filters .filter[data-filter="outgoing"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#recent-calls .recent-call')]
    .every((e) => !e.textContent.includes('↙')));

  // Export CSV downloads the whole log.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-calls')]);
  assert.equal(download.suggestedFilename(), 'cvw-calls-alice.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^direction,peer,number,started,answered,ended,duration_seconds,outcome,message,meeting\r\n/);
  // A number starting with + is written as text ("'+44..."): a spreadsheet would evaluate it.
  const missed = literal(en('incoming.ended.missed', { name: 'Caller' }));
  assert.match(csv, new RegExp(`\r\nincoming,Caller,"'\\+442079460018",[^,]+,,[^,]+,0,missed,${missed},\r\n`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('alice calls bob on her desk phone, around cvw: bob sees her "In a call", her log gets the call', async () => {
  const alice = await signIn('alice');
  const bob = await signIn('bob');
  await bob.page.fill('#search-input', 'alice');
  const aliceDot = '#search-results button[data-username="alice"] .dot';
  await bob.page.waitForSelector(`${aliceDot}.available`);

  // Alice's desk phone dials Bob's extension; the demo PBX publishes its dialog state to cvw.
  const phone = await pbx.dial('1002', '+14255550101', 2000);
  await bob.page.waitForSelector(`${aliceDot}.in_a_call`, { timeout: 15000 });
  assert.equal(await bob.page.getAttribute(`${aliceDot}`, 'title'), en('presence.in_a_call'));
  await bob.page.screenshot({ path: path.join(paths.artifacts(), 'presence-from-desk-phone.png') });
  assert.equal(await phone.exited, 0);
  await bob.page.waitForSelector(`${aliceDot}.available`, { timeout: 15000 });

  // Alice's page is told of the call at once, with where it was made.
  const entry = alice.page.locator('#recent-calls button[data-via="phone"]').first();
  await entry.waitFor({ timeout: 15000 });
  assert.match(await entry.textContent(),
    new RegExp(`Bob Jones.*${en('page.recent_connected')} · 00:0\\d · ${en('page.recent_on_desk_phone')}`));
  assert.deepEqual(bob.problems, []);
  assert.deepEqual(alice.problems, []);
  await bob.context.close();
  await alice.context.close();
});

test('a PBX that stops answering disables the call buttons, saying why, until it answers again', async () => {
  const { context, page, problems } = await signIn('alice');
  await page.fill('#search-input', 'bob');
  const call = page.locator('#search-results button[data-call="bob"]');
  await call.waitFor();
  assert.equal(await call.isEnabled(), true);
  // Kamailio and its workers stop answering (a process group of their own), and are let go again.
  const kamailio = Number(readFileSync(path.join(runDir, 'kamailio.pid'), 'utf8'));
  try {
    process.kill(-kamailio, 'SIGSTOP');
    await page.waitForSelector('#call-service:not([hidden])', { timeout: 10000 });
    const why = en('page.calls_unavailable', { reason: en('error.calls_unavailable.pbx_unreachable') });
    assert.equal(await page.textContent('#call-service'), why);
    await page.waitForFunction(() => document.querySelector('#search-results button[data-call="bob"]').disabled);
    assert.equal(await call.getAttribute('title'), why);
    assert.equal(await page.isDisabled('#dial-button'), true);
  } finally {
    process.kill(-kamailio, 'SIGCONT');
  }
  await page.waitForSelector('#call-service', { state: 'hidden', timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector('#search-results button[data-call="bob"]').disabled);
  assert.deepEqual(problems, []);
  await context.close();
});
