// Meetings in the page against a real server, Kamailio, simulated desk phones (the demo PBX) and
// the Janus mixer: Meet now dials out to the user's phone, every tab follows, Leave ends it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer, signIn as signInAs, startDemoPbx, startJanus, chromiumArgs, paths, en, literal } from './harness.mjs';

let server;
let browser;
let pbx;
let janus;
const bridge = '+14255550199'; // the demo PBX routes it to cvw's dial-in bridge

const waitFor = async (what, condition, timeoutMs = 10000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

before(async () => {
  pbx = await startDemoPbx();
  janus = await startJanus();
  server = await startServer([
    '[policy]',
    'global_caller_id = "+14255550000"',
    ...pbx.config([42200, 42300]),
    ...janus.config([`bridge_number = "${bridge}"`]),
  ]);
  await waitFor('cvw to reach the mixer', () => server.log().includes('meetings: the mixer is up'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await janus?.stop();
  pbx?.stop();
});

const signIn = (username, options) => signInAs(browser, server, username, options);

/** Every text #meeting-title shows from now on, in order, without repeats. */
async function recordTitles(page) {
  const titles = [];
  await page.exposeFunction('cvwMeetingTitle', (t) => { if (titles.at(-1) !== t) titles.push(t); });
  await page.evaluate(() => {
    const title = document.querySelector('#meeting-title');
    new MutationObserver(() => window.cvwMeetingTitle(title.textContent))
      .observe(title, { childList: true, characterData: true, subtree: true });
  });
  return titles;
}

/** A pattern for the dial-in details as the page words them, any conference ID and PIN. */
const dialInDetails = () => new RegExp(`^${literal(en('page.meeting_dial_in_details',
  { number: bridge, conference_id: 'CONFERENCE', pin: 'SECRET' }))}$`
  .replace('CONFERENCE', '\\d{9}').replace('SECRET', '\\d{6}'));

const meetingTitleIs = (page, text, timeout = 15000) =>
  page.waitForFunction((t) => document.querySelector('#meeting-title').textContent === t, text, { timeout });

test('alice clicks Meet now: her phone is dialled, her tabs follow her into the meeting, one opened later too, and Leave ends it', async () => {
  const wide = await signIn('alice');
  const narrow = await signIn('alice', { viewport: { width: 360, height: 740 } });
  const titles = await recordTitles(wide.page);
  const subject = en('page.meet_now_subject', { name: 'Alice Smith' });

  assert.equal(await wide.page.textContent('#meet-now'), en('page.meet_now'));
  assert.equal(await narrow.page.isVisible('#meet-now'), true);
  await wide.page.click('#meet-now');
  await meetingTitleIs(wide.page, en('meeting.title.in_meeting'));
  assert.equal(titles[0], en('meeting.title.dialing_out', { number: '+14255550101' }));
  assert.equal(titles.at(-1), en('meeting.title.in_meeting'));
  await wide.page.waitForFunction((s) => /^.* · 00:0[1-9]$/.test(document.querySelector('#meeting-detail').textContent)
    && document.querySelector('#meeting-detail').textContent.startsWith(s), subject);
  assert.equal(await wide.page.textContent('#meeting-leave'), en('page.leave_meeting'));

  // The phone-sized tab shows the same meeting, its panel and Leave within the screen.
  await meetingTitleIs(narrow.page, en('meeting.title.in_meeting'));
  const leave = await narrow.page.locator('#meeting-leave').boundingBox();
  assert.ok(leave.x >= 0 && leave.x + leave.width <= 360, `Leave at ${leave.x}+${leave.width} is off a 360 px screen`);
  assert.equal(await narrow.page.evaluate(() => document.documentElement.scrollWidth), 360, 'the page is wider than the screen');
  await narrow.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-360.png') });
  await wide.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-in.png') });

  // A tab opened now shows the meeting too, with Leave.
  const late = await signIn('alice');
  await meetingTitleIs(late.page, en('meeting.title.in_meeting'));
  assert.equal(await late.page.isVisible('#meeting-leave'), true);
  await late.context.close();

  // A second Meet now while in one is refused in the page, before anything is sent.
  await wide.page.click('#meet-now');
  await wide.page.waitForFunction((t) => document.querySelector('#toast').textContent === t, en('page.call_in_progress'));

  await narrow.page.click('#meeting-leave');
  for (const { page } of [wide, narrow]) {
    await meetingTitleIs(page, en('meeting.title.ended'));
    assert.equal(await page.textContent('#meeting-detail'), en('meeting.ended.left'));
    assert.equal(await page.isHidden('#meeting-leave'), true);
  }
  // The meeting is in her recent calls, under its subject.
  const entry = wide.page.locator('#recent-calls .recent-call.meeting', { hasText: subject }).first();
  await entry.waitFor();
  assert.match(await entry.textContent(), new RegExp(`${en('page.recent_in_meeting')} · 00:0\\d`));

  assert.deepEqual([...wide.problems, ...narrow.problems], []);
  await wide.context.close();
  await narrow.context.close();
});

test('cancelling while the phone is being dialled ends the join before it is answered', async () => {
  const { context, page, problems } = await signIn('bob');
  await page.click('#meet-now');
  await meetingTitleIs(page, en('meeting.title.dialing_out', { number: '+14255550102' }));
  assert.equal(await page.textContent('#meeting-leave'), en('page.cancel'));
  await page.click('#meeting-leave');
  await meetingTitleIs(page, en('meeting.title.ended'));
  assert.equal(await page.textContent('#meeting-detail'), en('meeting.ended.cancelled'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a meeting alice invites bob from the contact list; his page shows Join, and Join brings his phone in', async () => {
  const alice = await signIn('alice');
  const bob = await signIn('bob');
  await alice.page.fill('#search-input', 'bob');
  const invite = alice.page.locator('#search-results button[data-invite="bob"]');
  await invite.waitFor({ state: 'attached' });
  assert.equal(await invite.isVisible(), false, 'no invite button outside a meeting');

  await alice.page.click('#meet-now');
  await meetingTitleIs(alice.page, en('meeting.title.in_meeting'));
  await invite.waitFor({ state: 'visible' });
  assert.equal(await invite.getAttribute('aria-label'), en('page.invite_to_meeting', { name: 'Bob Jones' }));
  await invite.click();
  await alice.page.waitForFunction((t) => document.querySelector('#toast').textContent === t, en('page.invited', { name: 'Bob Jones' }));

  const invitation = bob.page.locator('#invitations .invitation');
  await invitation.waitFor();
  const subject = en('page.meet_now_subject', { name: 'Alice Smith' });
  assert.equal(await invitation.locator('.call-title').textContent(), en('page.invitation', { name: 'Alice Smith', subject }));
  await bob.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-invitation.png') });
  await invitation.locator('button[data-join]').click();
  await invitation.waitFor({ state: 'detached' });
  await meetingTitleIs(bob.page, en('meeting.title.in_meeting'));
  assert.match(await bob.page.textContent('#meeting-detail'), new RegExp(`^${literal(subject)} · `));

  for (const { page } of [bob, alice]) {
    await page.click('#meeting-leave');
    await meetingTitleIs(page, en('meeting.title.ended'));
    assert.equal(await page.textContent('#meeting-detail'), en('meeting.ended.left'));
  }
  await alice.page.locator('#search-results button[data-invite="bob"]').waitFor({ state: 'hidden' });
  assert.deepEqual([...alice.problems, ...bob.problems], []);
  await alice.context.close();
  await bob.context.close();
});

test('the roster: both see who is in and who talks; alice mutes bob, bob unmutes himself, alice removes him and ends the meeting', async () => {
  const alice = await signIn('alice');
  const bob = await signIn('bob', { viewport: { width: 360, height: 740 } });
  await alice.page.click('#meet-now');
  await meetingTitleIs(alice.page, en('meeting.title.in_meeting'));
  await alice.page.fill('#search-input', 'bob');
  await alice.page.locator('#search-results button[data-invite="bob"]').click();
  await bob.page.locator('#invitations .invitation button[data-join]').click();
  await meetingTitleIs(bob.page, en('meeting.title.in_meeting'));

  const row = (page, username) => page.locator(`#meeting-roster .roster-entry[data-username="${username}"]`);
  const heading = `${en('page.roster_heading')} (2)`;
  for (const page of [alice.page, bob.page]) {
    await page.waitForFunction((h) => document.querySelector('#meeting-roster .section-title')?.textContent === h, heading);
    await row(page, 'bob').and(page.locator('.in_meeting')).waitFor();
  }
  // Bob's simulated desk phone talks, 2 s on and 2 s off (scripts/demo-pbx.sh); Alice's is silent.
  for (const page of [alice.page, bob.page]) await row(page, 'bob').and(page.locator('.talking')).waitFor();
  assert.match(await row(alice.page, 'bob').locator('.roster-note').textContent(), new RegExp(literal(en('page.roster_talking'))));
  assert.equal(await row(alice.page, 'alice').and(alice.page.locator('.talking')).count(), 0);
  await alice.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-roster-talking.png') });
  await row(alice.page, 'bob').and(alice.page.locator('.talking')).waitFor({ state: 'detached' });
  await row(alice.page, 'bob').and(alice.page.locator('.talking')).waitFor();
  assert.equal(await row(alice.page, 'alice').locator('.roster-name').textContent(), en('page.roster_you', { name: 'Alice Smith' }));
  assert.equal(await row(bob.page, 'alice').locator('.roster-note').textContent(), en('page.roster_organizer'));
  // Only the organizer is offered Remove and End; Bob mutes only himself.
  assert.equal(await bob.page.locator('#meeting-end').count(), 0);
  assert.equal(await row(bob.page, 'alice').locator('button').count(), 0);
  assert.equal(await row(alice.page, 'bob').locator('button[data-action="mute"]').getAttribute('aria-label'),
    en('page.mute_someone', { name: 'Bob Jones' }));

  await row(alice.page, 'bob').locator('button[data-action="mute"]').click();
  for (const page of [alice.page, bob.page]) await row(page, 'bob').and(page.locator('.muted')).waitFor();
  assert.match(await row(alice.page, 'bob').locator('.roster-note').textContent(), new RegExp(literal(en('page.roster_muted'))));
  assert.equal(await row(alice.page, 'bob').locator('button[data-action="mute"]').count(), 0, 'nobody unmutes someone else');
  const unmute = row(bob.page, 'bob').locator('button[data-action="unmute"]');
  assert.equal(await unmute.textContent(), en('page.unmute'));
  assert.equal((await bob.page.evaluate(() => document.documentElement.scrollWidth)), 360, 'the roster fits 360 px');
  await bob.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-roster-360px.png') });
  await unmute.click();
  await row(alice.page, 'bob').locator('button[data-action="mute"]').waitFor();
  await alice.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-roster.png') });

  await row(alice.page, 'bob').locator('button[data-action="remove"]').click();
  await meetingTitleIs(bob.page, en('meeting.title.ended'));
  assert.equal(await bob.page.textContent('#meeting-detail'), en('meeting.ended.removed'));
  await bob.page.locator('#meeting-roster').waitFor({ state: 'hidden' });
  await alice.page.waitForFunction((h) => document.querySelector('#meeting-roster .section-title')?.textContent === h,
    `${en('page.roster_heading')} (1)`);

  await alice.page.click('#meeting-end');
  await meetingTitleIs(alice.page, en('meeting.title.ended'));
  assert.equal(await alice.page.textContent('#meeting-detail'), en('meeting.ended.left'));
  await alice.page.locator('#meeting-roster').waitFor({ state: 'hidden' });
  assert.deepEqual([...alice.problems, ...bob.problems], []);
  await alice.context.close();
  await bob.context.close();
});

test('in a meeting alice dials a number in: one the dial plan forbids is refused by the field, another rings and joins masked', async () => {
  const alice = await signIn('alice', { viewport: { width: 360, height: 740 } });
  await alice.page.click('#meet-now');
  await meetingTitleIs(alice.page, en('meeting.title.in_meeting'));
  assert.equal(await alice.page.getAttribute('#meeting-number', 'placeholder'), en('page.meeting_add_number'));

  const forbidden = '+44 20 7183 8750';
  await alice.page.fill('#meeting-number', forbidden);
  await alice.page.click('#meeting-dial-number');
  await alice.page.waitForFunction((t) => document.querySelector('#meeting-number-error').textContent === t,
    en('error.not_allowed.dial_plan', { number: forbidden }));
  assert.equal(await alice.page.inputValue('#meeting-number'), forbidden, 'the refused number stays to correct');

  // Carol's desk phone by its number, typed the way people do: it rings as the bridge and joins.
  await alice.page.fill('#meeting-number', '(425) 555-0103');
  await alice.page.click('#meeting-dial-number');
  const masked = '+1425\u2022\u2022\u2022\u2022\u202203';
  const entry = alice.page.locator('#meeting-roster .roster-entry', { hasText: masked });
  await entry.and(alice.page.locator('.in_meeting')).waitFor({ timeout: 15000 });
  assert.equal(await alice.page.inputValue('#meeting-number'), '', 'the field is free for the next number');
  assert.equal(await alice.page.textContent('#meeting-number-error'), '');
  await alice.page.waitForFunction((h) => document.querySelector('#meeting-roster .section-title')?.textContent === h,
    `${en('page.roster_heading')} (2)`);
  assert.equal((await alice.page.evaluate(() => document.documentElement.scrollWidth)), 360, 'the form fits 360 px');
  await alice.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-add-number-360px.png') });

  await entry.locator('button[data-action="remove"]').click();
  await entry.waitFor({ state: 'detached' });
  await alice.page.click('#meeting-leave');
  await meetingTitleIs(alice.page, en('meeting.title.ended'));
  await alice.page.locator('#meeting-add-number').waitFor({ state: 'hidden' });
  assert.deepEqual(alice.problems, []);
  await alice.context.close();
});

test('alice adds carol to her call with 1002: the call panel gives way to the meeting of three, which has its own chat', async () => {
  const alice = await signIn('alice', { viewport: { width: 360, height: 740 } });
  const carol = await signIn('carol');
  const callTitleIs = (text) => alice.page.waitForFunction((t) => document.querySelector('#call-title').textContent === t,
    text, { timeout: 15000 });
  await alice.page.fill('#search-input', '1002');
  await alice.page.waitForSelector('#dial-button:not([hidden]):not([disabled])');
  assert.equal(await alice.page.isVisible('#call-add-person'), false);
  await alice.page.click('#dial-button');
  await callTitleIs(en('call.title.connected', { name: 'Bob Jones' }));
  assert.equal(await alice.page.textContent('#call-add-person'), en('page.add_person'));

  // A number the dial plan forbids is refused by the form, and the call goes on.
  await alice.page.click('#call-add-person');
  const forbidden = '+44 20 7183 8750';
  await alice.page.fill('#call-add-query', forbidden);
  await alice.page.click('#call-add-submit');
  await alice.page.waitForFunction((t) => document.querySelector('#call-add-error').textContent === t,
    en('error.not_allowed.dial_plan', { number: forbidden }));
  assert.equal(await alice.page.inputValue('#call-add-query'), forbidden, 'the refused number stays to correct');
  assert.equal(await alice.page.textContent('#call-title'), en('call.title.connected', { name: 'Bob Jones' }));
  assert.equal((await alice.page.evaluate(() => document.documentElement.scrollWidth)), 360, 'the form fits 360 px');
  await alice.page.screenshot({ path: path.join(paths.artifacts(), 'call-add-person-360px.png') });

  // Carol, found by name: the call becomes a meeting with all three phones in it.
  await alice.page.fill('#call-add-query', 'carol');
  await alice.page.locator('#call-add-found button[data-username="carol"]').click();
  await meetingTitleIs(alice.page, en('meeting.title.in_meeting'));
  await alice.page.locator('#call-panel').waitFor({ state: 'hidden' });
  await alice.page.locator('#call-add-form').waitFor({ state: 'hidden' });
  await alice.page.waitForFunction((h) => document.querySelector('#meeting-roster .section-title')?.textContent === h,
    `${en('page.roster_heading')} (3)`, { timeout: 15000 });
  await alice.page.locator('#meeting-roster .roster-entry.in_meeting', { hasText: 'Carol Diaz' }).waitFor({ timeout: 15000 });
  assert.equal(await alice.page.textContent('#meeting-detail').then((d) => d.startsWith(
    en('page.add_person_subject', { name: 'Bob Jones', added: 'Carol Diaz' }))), true);
  await meetingTitleIs(carol.page, en('meeting.title.in_meeting')); // her own page follows her phone in
  await alice.page.screenshot({ path: path.join(paths.artifacts(), 'call-became-meeting-360px.png') });

  // The meeting's own conversation: Alice writes, Carol's page shows it under her name.
  assert.equal(await carol.page.textContent('#meeting-chat-empty'), en('page.meeting_chat_empty'));
  await alice.page.fill('#meeting-chat-text', 'Hello both');
  await alice.page.click('#meeting-chat-send');
  const line = carol.page.locator('#meeting-chat-lines .message', { hasText: 'Hello both' });
  await line.waitFor();
  assert.equal(await line.locator('.message-sender').textContent(), 'Alice Smith');
  await alice.page.locator('#meeting-chat-lines .message.mine', { hasText: 'Hello both' }).waitFor();
  assert.equal(await alice.page.inputValue('#meeting-chat-text'), '');
  assert.equal(await carol.page.isVisible('#meeting-chat-empty'), false);

  await alice.page.click('#meeting-end');
  await meetingTitleIs(alice.page, en('meeting.title.ended'));
  await meetingTitleIs(carol.page, en('meeting.title.ended'));
  assert.deepEqual(alice.problems, []);
  assert.deepEqual(carol.problems, []);
  await alice.context.close();
  await carol.context.close();
});

test('alice schedules a meeting with bob: his list shows it at once, its calendar file downloads, Join dials him in', async () => {
  const alice = await signIn('alice');
  const bob = await signIn('bob', { viewport: { width: 360, height: 740 } });
  await alice.page.click('#schedule-button');
  await alice.page.fill('#schedule-subject', 'Budget review');
  await alice.page.fill('#schedule-people', 'bob');
  await alice.page.locator('#schedule-found button[data-add="bob"]').click();
  assert.equal(await alice.page.locator('#schedule-invitees .chip[data-username="bob"] span').textContent(), 'Bob Jones');
  await alice.page.screenshot({ path: path.join(paths.artifacts(), 'schedule-dialog.png') });
  await alice.page.click('#schedule-submit');
  await alice.page.waitForFunction((t) => document.querySelector('#toast').textContent === t,
    en('page.scheduled', { subject: 'Budget review' }));
  assert.equal(await alice.page.evaluate(() => document.querySelector('#schedule-dialog').open), false);

  const item = (page) => page.locator('#meeting-list .scheduled-meeting', { hasText: 'Budget review' });
  await item(alice.page).waitFor();
  await item(bob.page).waitFor(); // pushed to his page, no reload
  assert.match(await item(bob.page).locator('.scheduled-when').textContent(),
    new RegExp(`${literal(en('page.meeting_organized_by', { name: 'Alice Smith' }))}$`));
  assert.equal(await item(alice.page).locator('button[data-action="decline"]').count(), 0, 'the organizer has nothing to decline');
  assert.equal((await bob.page.evaluate(() => document.documentElement.scrollWidth)), 360, 'the list fits 360 px');
  await bob.page.screenshot({ path: path.join(paths.artifacts(), 'meeting-list-360px.png') });

  const [download] = await Promise.all([
    bob.page.waitForEvent('download'),
    item(bob.page).locator('button[data-action="calendar"]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^cvw-meeting-m-[0-9a-f]{16}\.ics$/);
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /\r\nSUMMARY:Budget review\r\n/);
  assert.match(ics, /\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
  assert.match(ics.replace(/\r\n /g, ''), /Or dial in: \+14255550199\\, conference ID \d{9}#\\, PIN \d{6}#/);

  // Dial in: the number, conference ID and PIN; Call in rings Bob's phone, then the bridge answers it.
  await item(bob.page).locator('button[data-action="dial-in"]').click();
  assert.match(await item(bob.page).locator('.scheduled-dial-in span').textContent(), dialInDetails());
  assert.equal((await bob.page.evaluate(() => document.documentElement.scrollWidth)), 360, 'the details fit 360 px');
  await item(bob.page).locator('button[data-action="call-in"]').click();
  await bob.page.waitForFunction((t) => document.querySelector('#call-title').textContent === t,
    en('call.title.connected', { name: bridge }), { timeout: 15000 });
  await waitFor('the bridge to answer Bob', () => /call=dial-[0-9a-f]+ from=idle event=dialled_in/.test(server.log()));
  await bob.page.click('#call-hang-up');
  await bob.page.waitForFunction((t) => document.querySelector('#call-title').textContent === t, en('call.title.ended'));

  await item(bob.page).locator('button[data-action="join"]').click();
  await meetingTitleIs(bob.page, en('meeting.title.in_meeting'));
  assert.match(await bob.page.textContent('#meeting-detail'), /^Budget review · /);
  await bob.page.click('#meeting-leave');
  await meetingTitleIs(bob.page, en('meeting.title.ended'));

  // A time already over is refused, and the dialog stays open saying why.
  await alice.page.click('#schedule-button');
  await alice.page.fill('#schedule-subject', 'Too late');
  await alice.page.fill('#schedule-date', '2020-01-02');
  await alice.page.click('#schedule-submit');
  await alice.page.waitForFunction((t) => document.querySelector('#schedule-error').textContent === t,
    en('error.invalid_value.already_over'));
  assert.equal(await alice.page.evaluate(() => document.querySelector('#schedule-dialog').open), true);
  await alice.page.click('#schedule-cancel');
  assert.deepEqual([...alice.problems, ...bob.problems], []);
  await alice.context.close();
  await bob.context.close();
});

test('alice copies the meeting link; carol opens it, signs in, is offered Join and is dialled in', async () => {
  const alice = await signIn('alice', { permissions: ['clipboard-read', 'clipboard-write'] });
  await alice.page.click('#meet-now');
  await meetingTitleIs(alice.page, en('meeting.title.in_meeting'));
  assert.equal(await alice.page.textContent('#meeting-copy-link'), en('page.meeting_copy_link'));
  await alice.page.click('#meeting-copy-link');
  const link = await alice.page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, new RegExp(`^${literal(server.origin)}/m/m-[0-9a-f]{16}$`));
  await alice.page.waitForFunction((t) => document.querySelector('#toast').textContent === t, en('page.meeting_link_copied', { link }));

  const carol = await signIn('carol', { path: new URL(link).pathname });
  const offer = carol.page.locator('#invitations .invitation.link');
  await offer.waitFor();
  const subject = en('page.meet_now_subject', { name: 'Alice Smith' });
  assert.equal(await offer.locator('.call-title').textContent(), en('page.meeting_link_title', { subject }));
  const [organizer, dialIn] = (await offer.locator('.call-detail').textContent()).split(' · ');
  assert.equal(organizer, en('page.meeting_link_detail', { name: 'Alice Smith' }));
  assert.match(dialIn, dialInDetails());
  assert.match(await alice.page.textContent('#meeting-dial-in'), dialInDetails(), 'her panel shows how to dial in');
  assert.equal(await offer.locator('button[data-decline]').textContent(), en('page.meeting_link_dismiss'));
  await offer.locator('button[data-join]').click();
  await offer.waitFor({ state: 'detached' });
  assert.equal(new URL(carol.page.url()).pathname, '/', 'a reload does not offer the meeting again');
  await meetingTitleIs(carol.page, en('meeting.title.in_meeting'));

  for (const { page } of [carol, alice]) {
    await page.click('#meeting-leave');
    await meetingTitleIs(page, en('meeting.title.ended'));
  }
  assert.deepEqual([...alice.problems, ...carol.problems], []);
  await alice.context.close();
  await carol.context.close();
});

test('a link to a meeting that does not exist says so and offers nothing', async () => {
  const { context, page, problems } = await signIn('bob', { path: '/m/m-0000000000000000' });
  await page.waitForFunction((t) => document.querySelector('#toast').textContent === t, en('error.not_found.meeting'));
  assert.equal(await page.locator('#invitations .invitation').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the mixer dying mid-meeting ends it in the page; Meet now is refused until the mixer is back', async () => {
  const { context, page, problems } = await signIn('carol');
  await page.click('#meet-now');
  await meetingTitleIs(page, en('meeting.title.in_meeting'));

  const unavailableBefore = server.log().split('meetings: the mixer is unavailable').length;
  await janus.stop();
  await meetingTitleIs(page, en('meeting.title.ended'));
  assert.equal(await page.textContent('#meeting-detail'), en('meeting.ended.mixer_unavailable'));
  await waitFor('cvw to notice the mixer is gone',
    () => server.log().split('meetings: the mixer is unavailable').length > unavailableBefore);
  await page.click('#meet-now');
  await page.waitForFunction((t) => document.querySelector('#toast').textContent === t, en('error.meetings_unavailable'));
  assert.equal(await page.textContent('#meeting-title'), en('meeting.title.ended'), 'nobody was dialled');

  const upBefore = server.log().split('meetings: the mixer is up').length;
  await janus.restart();
  await waitFor('cvw to find the mixer again', () => server.log().split('meetings: the mixer is up').length > upBefore);
  await page.click('#meet-now');
  await meetingTitleIs(page, en('meeting.title.in_meeting'));
  await page.click('#meeting-leave');
  await meetingTitleIs(page, en('meeting.title.ended'));
  assert.deepEqual(problems, []);
  await context.close();
});
