// The full page's first signed-in load: every HTTP response from opening the page to the app shown
// and connected after signing in, as it crossed the wire (encoded: Brotli or gzip where the server
// sent it), and the time from the click on Sign in to that point, in a fresh browser each run; then
// what opening the page again in the same browser fetches, once its cache holds the first load.
//
//   cd build/debug && CVW_SERVER=$PWD/server/cvw-server CVW_ADMIN=$PWD/server/cvw-admin \
//     CVW_WEB_ROOT=../../web CVW_WASM_DIR=../wasm/wasm-client CVW_ARTIFACTS=$PWD/screenshots \
//     node ../../bench/page_load.mjs [runs]
import { createRequire } from 'node:module';
import { startServer, chromiumArgs } from '../tests/browser/harness.mjs';
import { watchResponses, kb, onTheWire, percentile } from './wire.mjs';

// playwright-core is installed for the browser tests (scripts/install-deps.sh), not at the top.
const { chromium } = createRequire(new URL('../tests/browser/package.json', import.meta.url))('playwright-core');
const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error('runs: 1..100');
const usableWithinMs = 15000;

const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const times = [];
let firstLoad = null;
let nextLoad = null;

const usable = (page) => page.waitForFunction(
  () => !document.querySelector('#app').hidden && document.querySelector('#me-name').textContent,
  null, { timeout: usableWithinMs, polling: 5 });

try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const loaded = watchResponses(page);
    await page.goto(server.origin);
    await page.fill('#username', 'alice');
    await page.fill('#password', server.users.alice);
    const clickedAt = performance.now();
    await page.click('#sign-in-button');
    // Usable: the app is shown, named after its user (the welcome came over the WebSocket).
    await usable(page);
    times.push(performance.now() - clickedAt);
    if (!firstLoad) {
      firstLoad = await loaded();
      // The page opened again the next morning, still signed in: what its cache spares.
      const again = await context.newPage();
      const reloaded = watchResponses(again);
      await again.goto(server.origin);
      await usable(again);
      nextLoad = await reloaded();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

firstLoad.sort((a, b) => b.body - a.body);
const total = onTheWire(firstLoad);
console.log(`first signed-in load: ${firstLoad.length} responses, ${kb(total)} KB on the wire (bodies and headers)`);
for (const r of firstLoad) console.log(`  ${r.file.padEnd(28)} ${kb(r.body).padStart(7)} KB ${r.encoding}`);
const fetched = nextLoad.filter((r) => r.body + r.headers > 0);
const again = onTheWire(fetched);
console.log(`the page opened again in the same browser: ${kb(again)} KB on the wire, ${fetched.length} of ` +
  `${nextLoad.length} responses from the server (${fetched.map((r) => r.file).join(', ')})`);
times.sort((a, b) => a - b);
console.log(`Sign in to a connected page, ${runs} fresh browsers: p50 ${percentile(times, 50).toFixed(0)} ms, ` +
  `p95 ${percentile(times, 95).toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms`);
