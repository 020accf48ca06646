// How the widget signs in, under node with fakes for the server's answers, the portal and the
// popup: the cookie first, then the portal's token, then the popup's one-time code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WidgetSignIn } from '../../web/js/widget/sign-in.js';

const session = { session: 'a'.repeat(64), username: 'alice', display_name: 'Alice Smith', expiresAt: 0 };

/** A sign-in with fakes: `cookie` is who /api/me says is signed in; `refuse` the refusal of every trade. */
function signIn({ cookie = null, refuse = null } = {}) {
  const posted = [];
  const traded = [];
  const opened = [];
  const states = [];
  const win = new EventTarget();
  win.location = { origin: 'https://cvw.example' };
  win.open = (url) => {
    const popup = { closed: false, url };
    opened.push(popup);
    return win.blockPopups ? null : popup;
  };
  const api = {
    currentUser: async () => cookie,
    startEmbedSession: async (portal, proof) => {
      traded.push([portal, proof]);
      return refuse ? { ok: false, ...refuse } : { ok: true, session };
    },
  };
  const flow = new WidgetSignIn({ portal: 'crm', link: { post: (m) => posted.push(m) }, api, win, tokenWaitMs: 30 });
  const signedIn = new Promise((resolve) => flow.addEventListener('signed-in', (e) => resolve(e.detail)));
  flow.addEventListener('state', (e) => states.push(e.detail.state));
  const fromPopup = (data, origin = 'https://cvw.example', source = opened.at(-1)) =>
    win.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  return { flow, posted, traded, opened, states, signedIn, win, fromPopup };
}

const until = async (check) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check());
};

test('(A) a cvw cookie signs in at once: no token is asked for', async () => {
  const { flow, posted, traded, signedIn } = signIn({ cookie: { signed_in: true, username: 'alice' } });
  flow.start();
  assert.deepEqual(await signedIn, { session: null, username: 'alice', via: 'cookie' });
  assert.deepEqual(posted, []);
  assert.deepEqual(traded, []);
});

test('(B) without one, the portal is asked for a token, which becomes an embed session', async () => {
  const { flow, posted, traded, signedIn, states } = signIn();
  flow.start();
  await until(() => posted.length === 1);
  assert.deepEqual(posted, [{ cvw: 1, type: 'need_token' }]);
  flow.giveToken('eyJ.token.sig');
  assert.deepEqual(await signedIn, { session, username: 'alice', via: 'token' });
  assert.deepEqual(traded, [['crm', { token: 'eyJ.token.sig' }]]);
  assert.deepEqual(states, ['checking', 'waiting_for_portal', 'signing_in', 'signed_in']);
});

test('no token in time: the Sign in button, with the note; a token the portal sends later still signs in', async () => {
  const { flow, signedIn, states, traded } = signIn();
  const seen = [];
  flow.addEventListener('state', (e) => seen.push(e.detail));
  flow.start('widget.signed_out');
  await until(() => flow.state === 'needs_sign_in');
  assert.deepEqual(seen.at(-1), { state: 'needs_sign_in', text: 'widget.signed_out' });
  flow.giveToken('eyJ.late.sig');
  await signedIn;
  assert.deepEqual(traded, [['crm', { token: 'eyJ.late.sig' }]]);
  assert.deepEqual(states.slice(-2), ['signing_in', 'signed_in']);
});

test('a refused token says why, tells the portal\'s listeners the reason, and offers the popup', async () => {
  const { flow } = signIn({ refuse: { code: 'invalid_token', reason: 'expired', text: 'http.invalid_token.expired' } });
  const refused = [];
  const seen = [];
  flow.addEventListener('refused', (e) => refused.push(e.detail));
  flow.addEventListener('state', (e) => seen.push(e.detail));
  flow.start();
  flow.giveToken('eyJ.old.sig'); // sent before need_token: kept until the widget asks
  await until(() => flow.state === 'needs_sign_in');
  assert.deepEqual(refused, [{ code: 'invalid_token', reason: 'expired' }]);
  assert.deepEqual(seen.at(-1), { state: 'needs_sign_in', text: 'http.invalid_token.expired' });
});

test('(C) the popup\'s code is taken only from that popup on cvw\'s origin', async () => {
  const { flow, opened, traded, signedIn, fromPopup } = signIn();
  flow.start();
  flow.giveToken('');
  await until(() => flow.state === 'needs_sign_in');
  flow.openPopup();
  assert.equal(opened[0].url, '/embed/signin.html?portal=crm');
  assert.equal(flow.state, 'popup_open');
  const code = { cvw: 1, type: 'code', code: '0123456789abcdef' };
  fromPopup(code, 'https://crm.example');
  fromPopup(code, 'https://cvw.example', { closed: false });
  fromPopup({ cvw: 1, type: 'code', code: 'nonsense!' });
  assert.deepEqual(traded, []);
  fromPopup(code);
  assert.equal((await signedIn).via, 'code');
  assert.deepEqual(traded, [['crm', { code: '0123456789abcdef' }]]);
});

test('a blocked popup is said so; a popup closed without signing in brings the button back', async () => {
  const { flow, win, opened } = signIn();
  flow.start();
  flow.giveToken('');
  await until(() => flow.state === 'needs_sign_in');
  win.blockPopups = true;
  flow.openPopup();
  assert.equal(flow.state, 'popup_blocked');
  win.blockPopups = false;
  flow.openPopup();
  assert.equal(flow.state, 'popup_open');
  opened.at(-1).closed = true;
  await until(() => flow.state === 'needs_sign_in');
});
