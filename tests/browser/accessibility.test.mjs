// WCAG 2.2 AA, as axe-core checks it, on every main view of the page at a phone's width (360 px)
// and a desktop's (1440 px), in the light and the dark scheme (the system's choice): signed out,
// signed in, a conversation, a call, an incoming call, Settings and a call's details. Any violation
// fails the test and names the rule and the element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, signIn, startDemoPbx, chromiumArgs, paths, accessibilityViolations } from './harness.mjs';

let server;
let browser;
let pbx;

before(async () => {
  pbx = await startDemoPbx();
  server = await startServer([...pbx.config([42300, 42400]), '[incoming]', 'no_answer_seconds = 20']);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  pbx?.stop();
});

const looks = [
  { viewport: { width: 360, height: 740 }, colorScheme: 'light' },
  { viewport: { width: 1440, height: 900 }, colorScheme: 'light' },
  { viewport: { width: 360, height: 740 }, colorScheme: 'dark' },
  { viewport: { width: 1440, height: 900 }, colorScheme: 'dark' },
];

for (const { viewport, colorScheme } of looks) {
  const look = `${viewport.width} px, ${colorScheme}`;
  const expectAccessible = async (page, view) => {
    const violations = await accessibilityViolations(page);
    await page.screenshot({ path: path.join(paths.artifacts(), `a11y-${view}-${viewport.width}px-${colorScheme}.png`) });
    assert.deepEqual(violations, [], `${view} at ${look}`);
  };

  test(`signed out, signed in, a conversation and Settings at ${look}`, async () => {
    const context = await browser.newContext({ viewport, colorScheme });
    const page = await context.newPage();
    await page.goto(server.origin);
    await page.waitForSelector('#sign-in:not([hidden])');
    await expectAccessible(page, 'signed-out');
    await context.close();

    const carol = await signIn(browser, server, 'carol', { viewport, colorScheme });
    await carol.page.waitForFunction(() => document.querySelector('#me-name').textContent !== '');
    await expectAccessible(carol.page, 'signed-in');
    await carol.page.fill('#search-input', 'bob');
    await carol.page.waitForSelector('#search-results button[data-username="bob"]');
    // The keyboard's place is plain to see on a contact row, as on any control.
    await carol.page.press('#search-input', 'Tab');
    const focus = await carol.page.evaluate(() => {
      const { outlineStyle, outlineWidth } = getComputedStyle(document.activeElement);
      return { row: document.activeElement.dataset.username, outlineStyle, outlineWidth };
    });
    assert.deepEqual(focus, { row: 'bob', outlineStyle: 'solid', outlineWidth: '2px' });
    await carol.page.click('#search-results button[data-username="bob"]');
    await carol.page.waitForSelector('#conversation-pane:not([hidden])');
    await carol.page.fill('#composer-input', 'Are you free?');
    await carol.page.press('#composer-input', 'Enter');
    await carol.page.waitForSelector('#message-list .message.mine:not(.pending)');
    await expectAccessible(carol.page, 'conversation');
    if (viewport.width < 720) {
      // The way back to the contacts is a finger's size on a phone, not the arrow's.
      const back = await carol.page.locator('#back-button').boundingBox();
      assert.ok(back.width >= 44 && back.height >= 44, `the back button is ${back.width}x${back.height} px`);
      await carol.page.click('#back-button');
    }
    await carol.page.click('#settings-button');
    await carol.page.waitForSelector('#settings-dialog[open]');
    await expectAccessible(carol.page, 'settings');
    assert.deepEqual(carol.problems, []);
    await carol.context.close();
  });

  test(`a call, a call's details and an incoming call at ${look}`, async () => {
    const alice = await signIn(browser, server, 'alice', { viewport, colorScheme });
    const { page } = alice;
    await page.fill('#search-input', '1002');
    await page.click('#dial-button');
    await page.waitForSelector('#call-panel.connected', { timeout: 15000 });
    await expectAccessible(page, 'call');
    await page.click('#call-hang-up');
    await page.waitForSelector('#call-panel.ended');

    await page.fill('#search-input', '');
    await page.locator('#recent-calls button[data-id]').first().click();
    await page.waitForSelector('#call-details[open]');
    await expectAccessible(page, 'call-details');
    await page.click('#call-details-close');

    const caller = await pbx.dial('cvw-alice', '+14255550102', 500);
    await page.waitForSelector('#incoming-panel:not([hidden]).ringing', { timeout: 15000 });
    await expectAccessible(page, 'incoming');
    if (viewport.width < 720) {
      // On a phone the caller's name and number keep the width; Accept and Decline sit beneath them.
      const layout = await page.evaluate(() => {
        const box = (id) => document.getElementById(id).getBoundingClientRect();
        const detail = document.getElementById('incoming-detail');
        return {
          text: box('incoming-title'), accept: box('incoming-accept'), decline: box('incoming-decline'),
          detailFits: detail.scrollWidth <= detail.clientWidth,
        };
      });
      assert.ok(layout.text.width >= 0.75 * viewport.width, `the caller's name gets ${layout.text.width} px`);
      assert.ok(layout.detailFits, 'the number is not cut off');
      for (const button of [layout.accept, layout.decline]) {
        assert.ok(button.top >= layout.text.bottom, 'the buttons are beneath the words');
        assert.ok(button.height >= 44 && button.width >= 44, `a button of ${button.width}x${button.height} px`);
      }
    }
    await page.click('#incoming-decline');
    assert.equal(await caller.exited, 0);
    assert.deepEqual(alice.problems, []);
    await alice.context.close();
  });
}
