// Starts a real cvw-server on a free loopback port with a fresh database and demo users.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const required = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run this test through ctest`);
  return v;
};

export const paths = {
  server: () => required('CVW_SERVER'),
  admin: () => required('CVW_ADMIN'),
  webRoot: () => required('CVW_WEB_ROOT'),
  wasmDir: () => required('CVW_WASM_DIR'),
  artifacts: () => {
    const dir = required('CVW_ARTIFACTS');
    mkdirSync(dir, { recursive: true });
    return dir;
  },
};

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A language's catalog, as the page reads it (shared/i18n/<language>.json). */
export function catalog(language) {
  return JSON.parse(readFileSync(new URL(`../../shared/i18n/${language}.json`, import.meta.url), 'utf8'));
}

/**
 * A catalog's text for `key` in `language`, so a test asserts what the catalog says rather than a
 * copy of it. Fills plain `{name}` values and ICU's '' only: the keys these tests read use nothing else.
 */
export function words(language) {
  const patterns = catalog(language);
  return (key, params = {}) => {
    const pattern = patterns[key];
    if (pattern === undefined) throw new Error(`the ${language} catalog has no ${key}`);
    return pattern.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`)).replaceAll("''", "'");
  };
}

/** The English catalog's text for `key` (see words). */
export const en = words('en');

/** `text` with the characters a regular expression treats specially escaped. */
export const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A running server; `users` maps username -> password. `extraConfig` lines are appended to its TOML;
 * `serverConfig` lines go into its [server] table.
 */
export async function startServer(extraConfig = [], serverConfig = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cvw-e2e-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = path.join(dir, 'cvw.toml');
  writeFileSync(config, [
    '[server]',
    `port = ${port}`,
    `allowed_origins = ["${origin}"]`,
    `web_root = "${paths.webRoot()}"`,
    `wasm_dir = "${paths.wasmDir()}"`,
    'database = "cvw.db"',
    // Every browser of a test file signs in from this one address, faster than people would.
    'login_attempts_per_minute = 120',
    ...serverConfig,
    '[dial_plan]',
    'allowed = ["\\\\+1[2-9]\\\\d{9}", "\\\\d{4}"]',
    '[[dial_plan.rules]]',
    'match = "1?([2-9]\\\\d{9})"',
    'replace = "+1$1"',
    ...extraConfig,
    '',
  ].join('\n'));
  const users = {};
  for (const line of execFileSync(paths.admin(), ['-c', config, 'demo'], { encoding: 'utf8' }).trim().split('\n')) {
    const [name, password] = line.split('\t');
    users[name] = password;
  }
  let proc;
  let log = '';
  const launch = async () => {
    proc = spawn(paths.server(), ['-c', config], { stdio: ['ignore', 'inherit', 'pipe'] });
    const started = log.length;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 10000);
      const onExit = (code) => reject(new Error(`server exited with ${code}:\n${log}`));
      proc.stderr.on('data', (chunk) => {
        log += chunk;
        if (log.indexOf('cvw listening', started) >= 0) {
          clearTimeout(timer);
          proc.off('exit', onExit);
          resolve();
        }
      });
      proc.once('exit', onExit);
    });
  };
  const stop = async () => {
    if (proc.exitCode !== null) return proc.exitCode;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    return exited;
  };
  await launch();
  return {
    origin,
    users,
    log: () => log,
    /** Runs cvw-admin against this server's config and database. */
    admin: (...args) => execFileSync(paths.admin(), ['-c', config, ...args], { encoding: 'utf8' }),
    /** Runs SQL on the server's database (sqlite3, as installed by scripts/install-deps.sh): to seed history. */
    sql: (statements) => execFileSync('sqlite3', [path.join(dir, 'cvw.db'), statements], { encoding: 'utf8' }),
    stop,
    /** Stops and starts the server on the same port and database; returns the stop's exit code. */
    async restart() {
      const code = await stop();
      await launch();
      return code;
    },
  };
}

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * The demo PBX (Kamailio and simulated desk phones): phones at port+1..3, media at port+110..130.
 * Above the kernel's ephemeral range (32768-60999) nothing bound to port 0 can take those ports
 * first. `sipPort` is where cvw listens; the PBX sends calls for cvw there.
 */
export async function startDemoPbx() {
  const port = 61000 + Math.floor(Math.random() * 3800);
  const sipPort = await freePort();
  const runDir = mkdtempSync(path.join(tmpdir(), 'cvw-pbx-'));
  const proc = spawn(path.join(root, 'scripts/demo-pbx.sh'), [runDir, String(port), String(sipPort)], {
    stdio: ['ignore', 'pipe', 'inherit'], detached: true,
  });
  await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { if (String(d).includes('demo-pbx: PBX on')) resolve(); });
    proc.once('exit', (code) => reject(new Error(`demo PBX exited with ${code}; see ${runDir}`)));
  });
  return {
    port, sipPort, runDir,
    /** cvw's [pbx] table for this PBX; cvw's own RTP ports are `rtpPorts`. */
    config: (rtpPorts = [42000, 42100]) => [
      '[pbx]', `proxy = "sip:127.0.0.1:${port}"`, `listen = "127.0.0.1:${sipPort}"`, 'keepalive_seconds = 1',
      `rtp_port_min = ${rtpPorts[0]}`, `rtp_port_max = ${rtpPorts[1]}`,
    ],
    /**
     * A sipp caller (a desk phone with the number `from`) dialling `to` through this PBX, talking
     * `talkMs` once answered: `exited` is sipp's exit code, `messages()` the SIP it traced.
     */
    async dial(to, from, talkMs = 1500) {
      const log = path.join(runDir, `caller-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
      const caller = spawn('sipp', [
        '-sf', path.join(root, 'tests/pbx/sipp/caller.xml'), `127.0.0.1:${port}`, '-i', '127.0.0.1', '-p', '0',
        '-mp', String(await freePort()), '-s', to, '-key', 'caller', from, '-d', String(talkMs), '-m', '1',
        '-timeout', '30', '-timeout_error', '-trace_msg', '-message_file', log, '-nostdin',
      ], { stdio: 'ignore' });
      const exited = new Promise((resolve) => caller.once('exit', (code) => resolve(code)));
      return { exited, messages: () => readFileSync(log, 'utf8') };
    },
    stop: () => process.kill(-proc.pid, 'SIGTERM'),
  };
}

const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/**
 * axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on what the page shows now, each violation as
 * "rule (impact): where", so a failing assertion says what to fix. Evaluated through the DevTools
 * protocol, which the page's Content-Security-Policy does not cover.
 */
export async function accessibilityViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const acceptsTcp = (port) => new Promise((resolve) => {
  const socket = connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/**
 * The meeting mixer (scripts/janus.sh) on a free API port and 100 RTP ports of its own. Janus loads
 * its plugin before its transport, so an open API port means it is ready. `restart()` brings it
 * back on the same port with the same secrets, as an operator restarting it would.
 */
export async function startJanus() {
  const runDir = mkdtempSync(path.join(tmpdir(), 'cvw-janus-'));
  const apiPort = await freePort();
  const rtpMin = 45000 + 100 * Math.floor(Math.random() * 40);
  let proc;
  let exited = null;
  const launch = async () => {
    exited = null;
    proc = spawn(path.join(root, 'scripts/janus.sh'), [runDir, String(apiPort), `${rtpMin}-${rtpMin + 99}`], {
      stdio: ['ignore', 'ignore', 'inherit'], detached: true,
    });
    proc.once('exit', (code) => { exited = code ?? 'a signal'; });
    const deadline = Date.now() + 15000;
    while (!(await acceptsTcp(apiPort))) {
      if (exited !== null) throw new Error(`janus exited with ${exited}; see ${runDir}/janus.log`);
      if (Date.now() > deadline) throw new Error(`janus did not open its API port; see ${runDir}/janus.log`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    if (exited !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    process.kill(-proc.pid, 'SIGKILL');
    await gone;
  };
  await launch();
  return {
    runDir,
    /** cvw's [meetings] table for this mixer. */
    config: (extra = []) => ['[meetings]', `mixer_api = "127.0.0.1:${apiPort}"`, `mixer_secrets = "${runDir}"`, ...extra],
    /** Kills it, as a crash would. */
    stop,
    restart: launch,
  };
}

/**
 * A new browser context signed in as `username` on `server` at `path`, once calls are available
 * (the PBX answered cvw's keep-alive). `problems` collects the page's uncaught errors.
 */
export async function signIn(browser, server, username, {
  viewport = { width: 1100, height: 720 }, path: at = '/', permissions = [], initScript, colorScheme = 'light',
} = {}) {
  const context = await browser.newContext({ viewport, permissions, colorScheme });
  if (initScript) await context.addInitScript(initScript); // runs in every page before its own scripts
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.origin + at);
  await page.fill('#username', username);
  await page.fill('#password', server.users[username]);
  await page.click('#sign-in-button');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForSelector('#call-service', { state: 'hidden' });
  return { context, page, problems };
}
