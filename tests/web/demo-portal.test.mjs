// The demo portal's backend under node: the embed tokens it mints (checked as cvw will check
// them, with node:crypto) and the page that includes the widget.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mintToken, startPortal } from '../../scripts/demo-portal.mjs';

const key = 'demo-portal-secret-0123456789abcdef';

/** The token's header and claims, after checking its HS256 signature with `secret`. */
function verify(token, secret) {
  const parts = token.split('.');
  assert.equal(parts.length, 3);
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url');
  assert.equal(parts[2], expected, 'signed with the portal\'s key');
  const [header, claims] = parts.slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
  return { header, claims };
}

test('a token is an HS256 JWT naming the portal, cvw, the user, a minute of life and a fresh id', () => {
  const now = Date.UTC(2026, 10, 3, 9, 0, 0);
  const token = mintToken({ portal: 'demo', user: 'alice', key, now });
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'base64url without padding');
  const { header, claims } = verify(token, key);
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
  const iat = now / 1000;
  assert.deepEqual({ ...claims, jti: undefined }, { iss: 'demo', aud: 'cvw', sub: 'alice', iat, exp: iat + 60, jti: undefined });
  assert.match(claims.jti, /^[0-9a-f]{32}$/);
  assert.notEqual(verify(mintToken({ portal: 'demo', user: 'alice', key, now }), key).claims.jti, claims.jti, 'never the same id twice');
  assert.throws(() => verify(token, 'another key'));
});

const portal = await startPortal({ host: '127.0.0.1', port: 0, cvw: 'http://127.0.0.1:8080/', portal: 'demo', key });
after(() => portal.close());
const base = `http://127.0.0.1:${portal.address().port}`;

test('GET /cvw-token?user= answers a fresh token as text; a name that is no username is refused', async () => {
  const res = await fetch(`${base}/cvw-token?user=bob`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const { claims } = verify((await res.text()).trim(), key);
  assert.equal(claims.sub, 'bob');
  assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 5);
  for (const user of ['', 'Bob', '../x', 'a'.repeat(65)]) {
    assert.equal((await fetch(`${base}/cvw-token?user=${encodeURIComponent(user)}`)).status, 400, user);
  }
});

test('the page includes the loader from cvw with its portal, token URL and links, under a strict CSP', async () => {
  const res = await fetch(`${base}/?as=carol`);
  const html = await res.text();
  assert.match(html, /<script id="cvw-loader" src="http:\/\/127\.0\.0\.1:8080\/embed\/cvw-embed\.js" data-portal="demo"/);
  assert.match(html, /data-portal="demo" data-token-url="\/cvw-token\?user=carol"\s+data-links="tel,sip,callto" async>/);
  assert.match(html, /<a href="tel:1002"><img src="\/phone\.svg"/, 'a link with an image inside it');
  assert.match(html, /href="tel:00 1 425 555 0103"/);
  assert.match(html, /href="sip:1002@pbx\.example\.com;user=phone"/);
  assert.doesNotMatch(html, /<script>|style=/, 'no inline script or style');
  assert.match(res.headers.get('content-security-policy'), /frame-src http:\/\/127\.0\.0\.1:8080;/);
  assert.match(await (await fetch(`${base}/?as=mallory`)).text(), /user=alice"/, 'only the demo users');
  assert.doesNotMatch(await (await fetch(`${base}/?as=nobody`)).text(), /data-token-url/, 'nobody: no token, the popup');
  assert.equal((await fetch(`${base}/portal.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await fetch(`${base}/nothing`)).status, 404);
  assert.equal((await fetch(`${base}/`, { method: 'POST' })).status, 405);
});
