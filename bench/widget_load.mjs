// The portal widget's weight and start-up: the loader and everything the widget's frame loads before
// it is usable, as it crossed the wire (Brotli or gzip where the server sent it), and the time from
// the loader's request to a widget signed in by a portal token, in a fresh browser each run.
//
//   cd build/debug && CVW_SERVER=$PWD/server/cvw-server CVW_ADMIN=$PWD/server/cvw-admin \
//     CVW_WEB_ROOT=../../web CVW_WASM_DIR=../wasm/wasm-client CVW_ARTIFACTS=$PWD/screenshots \
//     node ../../bench/widget_load.mjs [runs] [locale]
//
// The widget fetches the catalog of one language only: the locale (default en-US) picks which.
import { createRequire } from 'node:module';
import { startServer, chromiumArgs, freePort } from '../tests/browser/harness.mjs';
import { startPortal } from '../scripts/demo-portal.mjs';
import { watchResponses, kb, onTheWire, percentile } from './wire.mjs';

// playwright-core is installed for the browser tests (scripts/install-deps.sh), not at the top.
const { chromium } = createRequire(new URL('../tests/browser/package.json', import.meta.url))('playwright-core');
const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error('runs: 1..100');
const locale = process.argv[3] ?? 'en-US';
if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(locale)) throw new Error('locale: a tag such as ru-RU');
const key = 'widget-bench-portal-key-0123456789abcdef';
const usableWithinMs = 15000;

const portalPort = await freePort();
const portalOrigin = `http://127.0.0.2:${portalPort}`;
const server = await startServer(['[[portals]]', 'id = "bench"', `origins = ["${portalOrigin}"]`, `key = "${key}"`]);
const portal = await startPortal({ host: '127.0.0.2', port: portalPort, cvw: server.origin, portal: 'bench', key });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });

const times = [];
let loaded = null;
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const responses = watchResponses(page);
    let loaderAt = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/embed/cvw-embed.js')) loaderAt = performance.now();
    });
    await page.goto(`${portalOrigin}/?as=alice`);
    await page.waitForFunction(() => document.querySelector('#log')?.textContent.includes('signed_in'), null,
      { timeout: usableWithinMs, polling: 5 });
    times.push(performance.now() - loaderAt);
    if (!loaded) loaded = (await responses()).filter((r) => r.url.origin === server.origin);
    await context.close();
  }
} finally {
  await browser.close();
  portal.close();
  await server.stop();
}

loaded.sort((a, b) => b.body - a.body);
const loader = loaded.filter((r) => r.file === '/embed/cvw-embed.js');
const widget = loaded.filter((r) => r.file !== '/embed/cvw-embed.js');
console.log(`loader: ${kb(onTheWire(loader))} KB on the wire (${loader[0]?.encoding || 'identity'})`);
console.log(`widget until usable: ${widget.length} responses, ${kb(onTheWire(widget))} KB on the wire (bodies and headers)`);
for (const r of widget) console.log(`  ${r.file.padEnd(36)} ${kb(r.body).padStart(7)} KB ${r.encoding}`);
times.sort((a, b) => a - b);
console.log(`loader request to signed-in widget, ${runs} fresh browsers: p50 ${percentile(times, 50).toFixed(0)} ms, ` +
  `p95 ${percentile(times, 95).toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms`);
