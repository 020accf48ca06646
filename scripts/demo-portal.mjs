#!/usr/bin/env node
// A tiny company portal on an origin of its own, to try cvw's widget: a page of colleagues with
// tel:, sip: and callto: links, a "Call Bob" button on window.cvw, a log of what the widget tells
// the page, and the portal's backend minting embed tokens (HS256 JWT, 60 s, a single-use id) for
// the user the portal "is signed in as" (a demo: the visitor picks alice, bob or carol, or nobody:
// then the portal gives no token and the widget offers its own sign-in popup). No npm packages. The key file holds the same secret as the portal's `key` in cvw's [[portals]].
//
//   node scripts/demo-portal.mjs --listen 127.0.0.2:8091 --cvw http://127.0.0.1:8080 --portal demo --key-file demo/portal.key
import { createServer } from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const tokenLifetimeSeconds = 60;
const demoUsers = ['alice', 'bob', 'carol'];

/**
 * An embed token for `user`, signed with the portal's key: header {"alg":"HS256","typ":"JWT"},
 * claims iss (the portal's id), aud "cvw", sub, iat, exp (iat + 60 s) and jti (16 random bytes).
 */
export function mintToken({ portal, user, key, now = Date.now() }) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(now / 1000);
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    iss: portal, aud: 'cvw', sub: user, iat, exp: iat + tokenLifetimeSeconds, jti: randomBytes(16).toString('hex'),
  })}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page({ cvw, portal, as }) {
  const options = [...demoUsers, 'nobody'].map((u) => `<option value="${u}"${u === as ? ' selected' : ''}>${u}</option>`).join('');
  const tokenUrl = as === 'nobody' ? '' : ` data-token-url="/cvw-token?user=${escape(as)}"`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Northwind intranet · People</title>
  <link rel="stylesheet" href="/portal.css">
  <script src="/portal.js" defer></script>
  <script id="cvw-loader" src="${escape(cvw)}/embed/cvw-embed.js" data-portal="${escape(portal)}"${tokenUrl}
          data-links="tel,sip,callto" async></script>
</head>
<body>
  <header class="bar"><span class="mark">N</span> Northwind intranet <nav><a href="/">People</a> · <a href="/">Projects</a> · <a href="/">Rooms</a></nav></header>
  <main>
    <h1>People</h1>
    <p class="lede">This page plays a company portal on an origin of its own. The ☎ button in the corner is cvw's
      widget; the phone links below call through it, and so does the button under the table.</p>
    <form class="who">
      <label for="as">The portal has signed you in as</label>
      <select id="as" name="as">${options}</select>
      <span class="note">(a demo: the portal vouches for whoever you pick with a signed token; with nobody, the
        widget asks you to sign in to cvw itself)</span>
    </form>
    <table>
      <thead><tr><th>Name</th><th>Extension</th><th>Phone</th><th>SIP</th></tr></thead>
      <tbody>
        <tr><td>Alice Smith</td><td><a href="tel:1001">1001</a></td>
          <td><a href="tel:+1-425-555-0101">+1-425-555-0101</a></td><td><a href="sip:alice@pbx.example.com">alice@pbx</a></td></tr>
        <tr><td>Bob Jones</td><td><a href="tel:1002"><img src="/phone.svg" alt="" width="14" height="14"> 1002</a></td>
          <td><a href="tel:+1 (425) 555-0102"><span class="number">+1 (425) 555-0102</span></a></td>
          <td><a href="sip:1002@pbx.example.com;user=phone">1002@pbx</a></td></tr>
        <tr><td>Carol Diaz</td><td><a href="callto:1003">1003</a></td>
          <td><a href="tel:00 1 425 555 0103">00 1 425 555 0103</a></td><td><a href="sips:carol@pbx.example.com">carol@pbx</a></td></tr>
      </tbody>
    </table>
    <p class="actions">
      <button id="call-bob" type="button">Call Bob</button>
      <button id="hang-up" type="button">Hang up</button>
      <button id="open-widget" type="button">Open the widget</button>
    </p>
    <h2>What the widget told this page</h2>
    <ol id="log" class="log"></ol>
  </main>
</body>
</html>
`;
}

const css = `body { margin: 0; font: 15px/1.5 Georgia, "Times New Roman", serif; color: #2b2118; background: #faf6ef; }
.bar { display: flex; align-items: center; gap: .6rem; padding: .7rem 1.5rem; background: #5b3a1e; color: #fbeedd; font-weight: bold; }
.bar nav { margin-left: auto; font-weight: normal; }
.bar a { color: #fbeedd; }
.mark { display: inline-grid; place-items: center; width: 1.7rem; height: 1.7rem; border-radius: 3px; background: #e8a33d; color: #5b3a1e; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1, h2 { font-weight: normal; color: #5b3a1e; }
.lede { max-width: 40rem; }
.who { margin: 1rem 0; }
.note { color: #7a6a58; font-size: .9em; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { padding: .5rem .7rem; border-bottom: 1px solid #e6dccb; text-align: left; }
th { background: #f1e6d3; }
a { color: #8a4b12; }
img { vertical-align: -2px; }
.actions button { font: inherit; padding: .4rem .9rem; border: 1px solid #8a4b12; background: #fff; color: #8a4b12; border-radius: 3px; cursor: pointer; }
.log { font: 13px/1.4 ui-monospace, monospace; background: #fff; border: 1px solid #e6dccb; padding: .6rem 2.2rem; min-height: 4rem; }
`;

const script = `// The demo portal's own script: who the portal signs in, buttons on window.cvw, and a log of
// what the widget tells the page through cvw.on.
const log = (text) => {
  const line = document.createElement('li');
  line.textContent = new Date().toLocaleTimeString() + '  ' + text;
  document.getElementById('log').append(line);
};
document.getElementById('as').addEventListener('change', (e) => { location.search = '?as=' + e.target.value; });

const loader = document.getElementById('cvw-loader');
loader.addEventListener('error', () => log('cvw-embed.js did not load: is cvw running at ' + new URL(loader.src).origin + '?'));
const withCvw = (use) => (window.cvw ? use(window.cvw) : loader.addEventListener('load', () => use(window.cvw)));
withCvw((cvw) => {
  for (const type of ['ready', 'signed_in', 'signed_out', 'sign_in_refused', 'call_state', 'incoming_call', 'open', 'close']) {
    cvw.on(type, (message) => {
      const { cvw: version, type: kind, ...fields } = message;
      log(type + ' ' + JSON.stringify(fields));
    });
  }
  const button = (id, what, run) => document.getElementById(id).addEventListener('click', async () => {
    log(what + ' → ' + JSON.stringify(await run()));
  });
  button('call-bob', 'cvw.call("bob")', () => cvw.call('bob'));
  button('hang-up', 'cvw.hangUp()', () => cvw.hangUp());
  button('open-widget', 'cvw.open()', () => cvw.open());
});
`;

const phoneIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#8a4b12" d="M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>`;

/** Serves the portal; resolves to the listening http.Server. */
export function startPortal({ host, port, cvw, portal, key }) {
  const cvwOrigin = new URL(cvw).origin;
  const security = {
    'Content-Security-Policy': `default-src 'self'; script-src 'self' ${cvwOrigin}; frame-src ${cvwOrigin}; style-src 'self'; img-src 'self'`,
    'X-Content-Type-Options': 'nosniff',
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://portal');
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...security, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'GET only\n', { Allow: 'GET, HEAD' });
    switch (url.pathname) {
      case '/': {
        const as = [...demoUsers, 'nobody'].includes(url.searchParams.get('as')) ? url.searchParams.get('as') : demoUsers[0];
        return send(200, 'text/html; charset=utf-8', page({ cvw: cvwOrigin, portal, as }));
      }
      case '/portal.css': return send(200, 'text/css; charset=utf-8', css);
      case '/portal.js': return send(200, 'text/javascript; charset=utf-8', script);
      case '/phone.svg': return send(200, 'image/svg+xml', phoneIcon);
      case '/cvw-token': {
        // A real portal mints the token for the user its own sign-in vouches for, never for a name
        // the browser chose; this demo lets the visitor choose.
        const user = url.searchParams.get('user') ?? '';
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(user)) return send(400, 'text/plain', 'user=<username> please\n');
        return send(200, 'text/plain', mintToken({ portal, user, key }));
      }
      default: return send(404, 'text/plain', 'Not here.\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string', default: '127.0.0.2:8091' },
      cvw: { type: 'string', default: 'http://127.0.0.1:8080' },
      portal: { type: 'string', default: 'demo' },
      'key-file': { type: 'string' },
    },
  });
  if (!values['key-file']) throw new Error('--key-file <file> is required: the secret of the portal\'s key in cvw.toml');
  const key = readFileSync(values['key-file'], 'utf8').split('\n')[0].trim(); // its first line, as cvw reads key_file
  if (!key) throw new Error(`${values['key-file']} is empty`);
  const at = values.listen.lastIndexOf(':');
  const server = await startPortal({
    host: values.listen.slice(0, at), port: Number(values.listen.slice(at + 1)), cvw: values.cvw, portal: values.portal, key,
  });
  const { address, port } = server.address();
  console.log(`demo-portal: http://${address}:${port} (portal "${values.portal}", cvw at ${values.cvw})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`demo-portal: ${error.message}`);
    process.exit(1);
  });
}
