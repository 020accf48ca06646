// Starts a real cvw-server on a free loopback port with a fresh database and demo users.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

const englishCatalog = JSON.parse(readFileSync(new URL('../../shared/i18n/en.json', import.meta.url), 'utf8'));

/**
 * The English catalog's text for `key`, so a test asserts what the catalog says rather than a copy
 * of it. Fills plain `{name}` values and ICU's '' only: the keys these tests read use nothing else.
 */
export function en(key, params = {}) {
  const pattern = englishCatalog[key];
  if (pattern === undefined) throw new Error(`the English catalog has no ${key}`);
  return pattern.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`)).replaceAll("''", "'");
}

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
