// The portal's loader (web/embed/cvw-embed.js) run under node in a small fake of the portal's page:
// whom it hears and where it posts, window.cvw's promises, tokens on need_token, and tel:, sip: and
// callto: links turned into calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const loader = readFileSync(new URL('../../web/embed/cvw-embed.js', import.meta.url), 'utf8');
const cvwOrigin = 'https://cvw.example';
const portalOrigin = 'https://crm.example';

class FakeElement extends EventTarget {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.style = { set: {}, setProperty(name, value, priority) { this.set[name] = [value, priority]; } };
    this.classList = { names: new Set(), toggle(n, on) { if (on) this.names.add(n); else this.names.delete(n); } };
    this.hidden = false;
  }

  append(...nodes) { this.children.push(...nodes); }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return this.attributes[name] ?? null; }
  matches(selector) { return selector === 'a[href], area[href]' && ['A', 'AREA'].includes(this.tagName) && 'href' in this.attributes; }
  attachShadow(init) { this.shadow = new FakeElement('#shadow'); this.shadow.init = init; return this.shadow; }
}

/** Loads the loader into a fake portal page; `fetched` maps a token URL to its answer. */
function portalPage(dataset, { fetched = {} } = {}) {
  const posted = [];
  // postMessage sends a copy (structured clone): the test keeps one, as plain objects of this realm.
  const frameWindow = { postMessage: (message, origin) => posted.push([plain(message), origin]) };
  const window = new EventTarget();
  const document = new EventTarget();
  document.body = new FakeElement('body');
  document.currentScript = { src: `${cvwOrigin}/embed/cvw-embed.js`, dataset };
  document.createElement = (tag) => {
    const el = new FakeElement(tag);
    if (tag === 'iframe') el.contentWindow = frameWindow;
    return el;
  };
  const warnings = [];
  const context = {
    window, document, location: { href: `${portalOrigin}/customers`, origin: portalOrigin },
    URL, Promise, Object, String, Map, Set, Element: FakeElement, clearTimeout,
    // The loader's timers (its 20 s and 2 min deadlines) must not keep the test's process alive.
    setTimeout: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      timer.unref?.();
      return timer;
    },
    console: { warn: (text) => warnings.push(text) },
    fetch: async (url, init) => {
      const answer = fetched[url];
      assert.equal(init.credentials, 'include');
      return { ok: answer !== undefined, text: async () => answer ?? '' };
    },
  };
  window.window = window;
  vm.createContext(context);
  vm.runInContext(loader, context);
  const host = document.body.children[0];
  const box = host.shadow.children.find((c) => c.className === 'box');
  const [panel, launcher] = box.children;
  const frame = panel.children[0];
  /** A message to the portal's window, from the widget unless said otherwise. */
  const fromWidget = (data, { origin = cvwOrigin, source = frameWindow } = {}) =>
    window.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  const ready = () => {
    frame.dispatchEvent(new Event('load'));
    fromWidget({ cvw: 1, type: 'ready', version: 1, labels: { open: 'Open cvw', close: 'Hide cvw', title: 'cvw · Call Via Work' } });
  };
  return { window, document, cvw: window.cvw, host, panel, launcher, frame, posted, fromWidget, ready, warnings };
}

const plain = (value) => JSON.parse(JSON.stringify(value));
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the widget sits in a closed shadow root in a fixed corner, framed from cvw\'s own origin', () => {
  const page = portalPage({ portal: 'crm', position: 'top-left' });
  assert.equal(page.host.tagName, 'CVW-WIDGET');
  assert.equal(page.host.shadow.init.mode, 'closed');
  assert.deepEqual(page.host.style.set.position, ['fixed', 'important']);
  assert.deepEqual(page.host.style.set.top, ['16px', 'important']);
  assert.deepEqual(page.host.style.set.left, ['16px', 'important']);
  assert.equal(page.frame.src, `${cvwOrigin}/embed/widget.html?portal=crm`);
  assert.equal(page.frame.getAttribute('referrerpolicy'), 'origin');
  assert.equal(page.frame.getAttribute('allow'), null, 'no microphone or anything else');
  assert.equal(page.panel.hidden, true);
  assert.equal(page.launcher.getAttribute('aria-expanded'), 'false');
  page.ready();
  assert.equal(page.frame.title, 'cvw · Call Via Work');
  assert.equal(page.launcher.getAttribute('aria-label'), 'Open cvw');
  page.launcher.dispatchEvent(new Event('click'));
  assert.equal(page.panel.hidden, false);
  assert.equal(page.launcher.getAttribute('aria-label'), 'Hide cvw');
  assert.deepEqual(page.posted.map(([m]) => m.type), ['init', 'open']);
});

test('commands wait for ready, then resolve with their own result; every post goes to cvw\'s origin only', async () => {
  const page = portalPage({ portal: 'crm' });
  const call = page.cvw.call('tel:+1 (425) 555-0102');
  assert.equal(page.panel.hidden, false, 'a call opens the widget');
  assert.deepEqual(page.posted, [], 'nothing before the widget is ready');
  page.ready();
  const [, sent] = page.posted;
  assert.deepEqual(sent[0], { cvw: 1, type: 'call', id: sent[0].id, to: 'tel:+1 (425) 555-0102' });
  const presence = page.cvw.setPresence('busy');
  const [, [presenceMessage]] = page.posted.slice(1);
  page.fromWidget({ cvw: 1, type: 'result', id: presenceMessage.id, ok: false, error: 'not_signed_in' });
  page.fromWidget({ cvw: 1, type: 'result', id: sent[0].id, ok: true, error: null });
  assert.deepEqual(plain(await call), { ok: true, error: null });
  assert.deepEqual(plain(await presence), { ok: false, error: 'not_signed_in' });
  assert.ok(page.posted.every(([, origin]) => origin === cvwOrigin));
});

test('messages from anyone but the widget\'s frame on cvw\'s origin are not heard', async () => {
  const page = portalPage({ portal: 'crm' });
  page.ready();
  const heard = [];
  page.cvw.on('call_state', (m) => heard.push(m.state));
  const state = { cvw: 1, type: 'call_state', call_id: 'call-1', state: 'connected', reason: '', number: '1002' };
  page.fromWidget(state, { origin: 'https://evil.example' });
  page.fromWidget(state, { source: { postMessage() {} } });
  page.fromWidget({ ...state, cvw: 2 });
  page.fromWidget('call_state');
  page.fromWidget(state);
  assert.deepEqual(heard, ['connected']);
});

test('on need_token the loader fetches data-token-url, as text or { token }, or asks the provider', async () => {
  const page = portalPage({ portal: 'crm', tokenUrl: '/cvw-token' }, { fetched: { '/cvw-token': 'eyJ.a.b\n' } });
  page.ready();
  page.fromWidget({ cvw: 1, type: 'need_token' });
  await settle();
  assert.deepEqual(page.posted.at(-1), [{ cvw: 1, type: 'token', token: 'eyJ.a.b' }, cvwOrigin]);

  const json = portalPage({ portal: 'crm', tokenUrl: '/t' }, { fetched: { '/t': '{"token":"eyJ.c.d"}' } });
  json.ready();
  json.fromWidget({ cvw: 1, type: 'need_token' });
  await settle();
  assert.deepEqual(json.posted.at(-1)[0], { cvw: 1, type: 'token', token: 'eyJ.c.d' });

  json.cvw.setTokenProvider(async () => 'eyJ.e.f');
  json.fromWidget({ cvw: 1, type: 'need_token' });
  await settle();
  assert.deepEqual(json.posted.at(-1)[0], { cvw: 1, type: 'token', token: 'eyJ.e.f' });

  const none = portalPage({ portal: 'crm' });
  none.ready();
  none.fromWidget({ cvw: 1, type: 'need_token' });
  await settle();
  assert.deepEqual(none.posted.at(-1)[0], { cvw: 1, type: 'token', token: '' }, 'no token: say so at once');
});

/** A click on `target` inside `link`, as the browser dispatches it on the document (capture first). */
function click(page, target, link) {
  const event = new Event('click', { cancelable: true });
  Object.assign(event, { button: 0, composedPath: () => [target, link, page.document.body, page.document].filter(Boolean) });
  page.document.dispatchEvent(event);
  return event;
}

const anchor = (href) => Object.assign(new FakeElement('a'), { attributes: { href } });

test('tel:, sip: and callto: links become calls, also by a click on what is inside them', () => {
  const page = portalPage({ portal: 'crm', links: 'tel, sip,callto' });
  page.ready();
  const calls = () => page.posted.filter(([m]) => m.type === 'call').map(([m]) => m.to);
  const hrefs = ['tel:+1 (425) 555-0102', 'tel:00 1 425 555 0102', 'sip:bob@pbx;user=phone', 'SIPS:carol@pbx', 'callto:1003'];
  for (const href of hrefs) {
    const link = anchor(href);
    const event = click(page, new FakeElement('img'), link);
    assert.equal(event.defaultPrevented, true, `${href}: the browser's own handler never opens`);
  }
  assert.deepEqual(calls(), hrefs);
  for (const href of ['https://example.com', 'mailto:bob@example.com', '/tel:1002']) {
    assert.equal(click(page, anchor(href)).defaultPrevented, false, href);
  }
  assert.equal(click(page, new FakeElement('span')).defaultPrevented, false, 'not in a link');
  assert.equal(calls().length, hrefs.length);
});

test('only the kinds listed are caught, and none without data-links', () => {
  const telOnly = portalPage({ portal: 'crm', links: 'tel' });
  assert.equal(click(telOnly, anchor('tel:1002')).defaultPrevented, true);
  assert.equal(click(telOnly, anchor('sip:bob@pbx')).defaultPrevented, false);
  const none = portalPage({ portal: 'crm' });
  assert.equal(click(none, anchor('tel:1002')).defaultPrevented, false);
});

test('a widget that never starts (the portal\'s origin not listed) fails the waiting commands and says why', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const page = portalPage({ portal: 'crm' });
  const call = page.cvw.call('1002');
  t.mock.timers.tick(20000);
  assert.deepEqual(plain(await call), { ok: false, error: 'unavailable' });
  assert.match(page.warnings[0], /https:\/\/crm\.example.*"crm"/);
});
