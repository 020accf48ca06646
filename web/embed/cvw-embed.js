/* cvw-embed.js: puts cvw's widget in a corner of a portal's page and gives the page window.cvw.
 * One tag: <script src="https://cvw.example/embed/cvw-embed.js" data-portal="crm" async></script>,
 * optionally data-token-url, data-links ("tel,sip,callto") and data-position ("bottom-right").
 * The widget is a cross-origin iframe served by cvw, in a closed shadow root so neither page's
 * styles reach the other; the two talk by postMessage with origins checked both ways (API
 * version 1, docs/widget.md). No imports and no build step: this file is served as written. */
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.src || (window.cvw && window.cvw.version)) return; // not from a <script src>, or loaded twice

  const cvwOrigin = new URL(script.src, location.href).origin;
  const portal = script.dataset.portal || '';
  const tokenUrl = script.dataset.tokenUrl || '';
  const linkKinds = (script.dataset.links || '').toLowerCase().split(/[\s,]+/).filter(Boolean);
  const corner = /^(top|bottom)-(left|right)$/.exec(script.dataset.position || '') || [null, 'bottom', 'right'];
  const readyWithinMs = 20000;
  const answerWithinMs = 120000; // a call waits for the user to confirm it
  const emitted = ['ready', 'signed_in', 'signed_out', 'sign_in_refused', 'call_state', 'incoming_call', 'open', 'close'];

  const css = `
    .box { display: flex; flex-direction: ${corner[1] === 'top' ? 'column-reverse' : 'column'};
      align-items: ${corner[2] === 'left' ? 'flex-start' : 'flex-end'}; gap: 12px; }
    .panel { width: min(360px, calc(100vw - 32px)); height: min(520px, calc(100vh - 104px)); overflow: hidden;
      border: 1px solid #dfe4ee; border-radius: 14px; background: #fff; box-shadow: 0 12px 40px rgba(30, 45, 80, .25); }
    .panel[hidden] { display: none; }
    iframe { display: block; width: 100%; height: 100%; border: 0; }
    .launcher { width: 52px; height: 52px; border: 0; border-radius: 50%; padding: 0; cursor: pointer;
      background: #2457c5; color: #fff; font: 22px/1 system-ui, sans-serif; box-shadow: 0 6px 20px rgba(30, 45, 80, .3); }
    .launcher:focus-visible { outline: 3px solid #9bb8f0; outline-offset: 2px; }
    .launcher.ringing { background: #1f9d55; animation: ring 1s ease-in-out infinite; }
    @keyframes ring { 0%, 100% { transform: rotate(0); } 25% { transform: rotate(-12deg); } 75% { transform: rotate(12deg); } }
    @media (prefers-reduced-motion: reduce) { .launcher.ringing { animation: none; } }`;

  const host = document.createElement('cvw-widget');
  const hostStyle = {
    position: 'fixed', [corner[1]]: '16px', [corner[2]]: '16px', 'z-index': '2147483000', display: 'block',
    margin: '0', padding: '0', border: '0', background: 'none', width: 'auto', height: 'auto',
  };
  for (const [name, value] of Object.entries(hostStyle)) host.style.setProperty(name, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  if (shadow.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css); // a constructed sheet: allowed even where the portal's CSP has no 'unsafe-inline'
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
  const box = document.createElement('div');
  box.className = 'box';
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  const frame = document.createElement('iframe');
  frame.src = `${cvwOrigin}/embed/widget.html?portal=${encodeURIComponent(portal)}`;
  frame.title = 'cvw';
  frame.setAttribute('referrerpolicy', 'origin');
  panel.append(frame);
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.textContent = '☎';
  launcher.setAttribute('aria-expanded', 'false');
  box.append(panel, launcher);
  shadow.append(box);

  let labels = { open: 'cvw', close: 'cvw' };
  let ready = false;
  let opened = false;
  let tokenProvider = null;
  let sequence = 0;
  const unsent = [];          // commands waiting for the widget to be ready
  const pending = new Map();  // id -> { resolve, timer }: commands waiting for their result
  const listeners = new Map(); // type -> Set of functions

  const label = () => launcher.setAttribute('aria-label', opened ? labels.close : labels.open);
  label();

  function post(message) {
    frame.contentWindow.postMessage(Object.assign({ cvw: 1 }, message), cvwOrigin);
  }

  function emit(type, message) {
    for (const fn of listeners.get(type) || []) {
      try {
        fn(message);
      } catch (error) {
        setTimeout(() => { throw error; }); // a portal listener's bug is reported, and stops nothing
      }
    }
  }

  function settle(id, error) {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.resolve({ ok: !error, error: error || null });
  }

  /** Sends a command; resolves to { ok, error } once the widget answers it. */
  function command(type, fields) {
    const id = `cvw-${++sequence}`;
    return new Promise((resolve) => {
      pending.set(id, { resolve, timer: setTimeout(() => settle(id, 'timeout'), answerWithinMs) });
      const message = Object.assign({ type, id }, fields);
      if (ready) post(message);
      else unsent.push(message);
    });
  }

  /** Opens or collapses the panel; `tell` lets the widget know (not when it asked for it). */
  function show(open, tell) {
    if (open === opened) return;
    opened = open;
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    label();
    if (tell && ready) post({ type: open ? 'open' : 'close' });
    emit(open ? 'open' : 'close', { cvw: 1, type: open ? 'open' : 'close' });
  }

  async function giveToken() {
    let token = '';
    try {
      if (tokenProvider) token = await tokenProvider();
      else if (tokenUrl) {
        const res = await fetch(tokenUrl, { credentials: 'include', cache: 'no-store' });
        const text = res.ok ? (await res.text()).trim() : '';
        token = text.startsWith('{') ? JSON.parse(text).token : text;
      }
    } catch (error) {
      token = '';
    }
    post({ type: 'token', token: typeof token === 'string' ? token : '' });
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== cvwOrigin || event.source !== frame.contentWindow) return;
    const m = event.data;
    if (!m || typeof m !== 'object' || m.cvw !== 1 || typeof m.type !== 'string') return;
    if (m.type === 'ready') {
      ready = true;
      const l = m.labels || {};
      if (typeof l.open === 'string' && typeof l.close === 'string') labels = { open: l.open, close: l.close };
      if (typeof l.title === 'string') frame.title = l.title;
      label();
      for (const message of unsent.splice(0)) post(message);
    } else if (m.type === 'result') {
      settle(m.id, m.ok === true ? null : String(m.error || 'failed'));
    } else if (m.type === 'need_token') {
      giveToken();
    } else if (m.type === 'open' || m.type === 'close') {
      show(m.type === 'open', false);
      return;
    } else if (m.type === 'incoming_call') {
      launcher.classList.toggle('ringing', m.state === 'ringing');
    }
    if (emitted.includes(m.type)) emit(m.type, m);
  });

  frame.addEventListener('load', () => {
    ready = false; // loaded again (the widget reloads after a sign-out): ready comes again
    post({ type: 'init' });
  });
  launcher.addEventListener('click', () => show(!opened, true));

  setTimeout(() => {
    if (ready) return;
    console.warn(`cvw: the widget did not start; is ${location.origin} listed in the origins of portal "${portal}"?`);
    for (const message of unsent.splice(0)) settle(message.id, 'unavailable');
  }, readyWithinMs);

  // tel:, sip: and callto: links become cvw calls: caught before the browser offers to pick an app.
  if (linkKinds.length) {
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      const link = event.composedPath().find((node) => node instanceof Element && node.matches('a[href], area[href]'));
      const scheme = link && /^\s*(tel|sips?|callto):/i.exec(link.getAttribute('href'));
      if (!scheme) return;
      const kind = scheme[1].toLowerCase();
      if (!linkKinds.includes(kind) && !(kind === 'sips' && linkKinds.includes('sip'))) return;
      event.preventDefault();
      window.cvw.call(link.getAttribute('href'));
    }, true);
  }

  const cvw = {
    version: 1,
    /** Calls a number, a username or a tel:/sip:/callto: link; the widget asks the user first. */
    call: (to) => {
      show(true, false);
      return command('call', { to: String(to) });
    },
    hangUp: () => command('hang_up'),
    answer: () => command('answer'),
    decline: () => command('decline'),
    setPresence: (state) => command('set_presence', { state }),
    open: () => {
      show(true, false);
      return command('open');
    },
    close: () => {
      show(false, false);
      return command('close');
    },
    on: (type, fn) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(fn);
    },
    off: (type, fn) => {
      if (listeners.has(type)) listeners.get(type).delete(fn);
    },
    /** `provider()` resolves to a token from the portal's backend (instead of data-token-url). */
    setTokenProvider: (provider) => {
      tokenProvider = typeof provider === 'function' ? provider : null;
    },
  };
  Object.defineProperty(window, 'cvw', { value: Object.freeze(cvw), enumerable: true });

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
