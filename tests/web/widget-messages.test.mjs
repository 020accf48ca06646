// The widget's postMessage API under node: what a portal may send, what the widget answers and
// posts, and whom it hears at all (window.parent, on the portal's configured origins).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPortalMessage, resultMessage, callStateMessage, incomingCallMessage, codeOf } from '../../web/js/widget/messages.js';
import { PortalLink } from '../../web/js/widget/portal-link.js';

test('each portal message is read with its own fields only', () => {
  const cases = [
    [{ cvw: 1, type: 'init' }, { type: 'init' }],
    [{ cvw: 1, type: 'token', token: 'eyJ.a.b' }, { type: 'token', token: 'eyJ.a.b' }],
    [{ cvw: 1, type: 'token', token: '' }, { type: 'token', token: '' }],
    [{ cvw: 1, type: 'call', id: 'c1', to: 'tel:+1 (425) 555-0102', extra: 'dropped' }, { type: 'call', id: 'c1', to: 'tel:+1 (425) 555-0102' }],
    [{ cvw: 1, type: 'hang_up', id: 7 }, { type: 'hang_up', id: 7 }],
    [{ cvw: 1, type: 'answer', id: 'a' }, { type: 'answer', id: 'a' }],
    [{ cvw: 1, type: 'decline', id: 'd' }, { type: 'decline', id: 'd' }],
    [{ cvw: 1, type: 'set_presence', id: 's', state: 'do_not_disturb' }, { type: 'set_presence', id: 's', state: 'do_not_disturb' }],
    [{ cvw: 1, type: 'open' }, { type: 'open' }],
    [{ cvw: 1, type: 'close', id: 'x' }, { type: 'close', id: 'x' }],
  ];
  for (const [data, message] of cases) assert.deepEqual(readPortalMessage(data), { ok: true, message }, data.type);
});

test('a malformed message with an id is answered bad_message; without one, or not ours at all, ignored', () => {
  const answered = [
    { cvw: 1, type: 'dial', id: 'c1', to: '1002' },              // unknown type
    { cvw: 2, type: 'call', id: 'c1', to: '1002' },              // another version
    { cvw: 1, type: 'call', id: 'c1' },                          // no destination
    { cvw: 1, type: 'call', id: 'c1', to: '' },
    { cvw: 1, type: 'call', id: 'c1', to: 'x'.repeat(257) },
    { cvw: 1, type: 'call', id: 'c1', to: { number: 1002 } },
    { cvw: 1, type: 'set_presence', id: 'c1', state: 'offline' },  // never chosen
    { cvw: 1, type: 'token', id: 'c1', token: 42 },
    { cvw: 1, type: ['call'], id: 'c1', to: '1002' },
    { cvw: 1, type: 'toString', id: 'c1' },
  ];
  for (const data of answered) assert.deepEqual(readPortalMessage(data), { ok: false, id: 'c1' }, JSON.stringify(data));
  const ignored = [
    null, 'call', 42, [], { type: 'call', id: 'c1', to: '1002' }, // not a cvw envelope
    { cvw: 1, type: 'call', to: '1002' },                         // a command needs an id to answer
    { cvw: 1, type: 'call', id: { x: 1 }, to: '1002' },           // nor can an unusable id be answered
    { cvw: 1, type: 'call', id: 'x'.repeat(65), to: '1002' },
    { cvw: 1, type: 'call', id: 1.5, to: '1002' },
  ];
  for (const data of ignored) assert.deepEqual(readPortalMessage(data), { ok: false, id: null }, JSON.stringify(data));
});

test('what the widget posts: results, and calls without anything the portal could not know', () => {
  assert.deepEqual(resultMessage('c1'), { cvw: 1, type: 'result', id: 'c1', ok: true, error: null });
  assert.deepEqual(resultMessage('c1', 'cancelled'), { cvw: 1, type: 'result', id: 'c1', ok: false, error: 'cancelled' });
  const state = { type: 'call_state', call_id: 'call-7', state: 'ended', reason: 'callee_busy', callee_name: 'Bob Jones',
    number: '1002', started_at: 1, connected_at: 0, conversation: 'bob', text: 'Bob Jones is busy.' };
  assert.deepEqual(callStateMessage(state), { cvw: 1, type: 'call_state', call_id: 'call-7', state: 'ended', reason: 'callee_busy', number: '1002' });
  const ringing = { type: 'incoming_call', call_id: 'in-1', state: 'ringing', caller_name: 'Bob Jones', caller_number: '+14255550102',
    caller_username: 'bob', desk_phone_ringing: true };
  assert.deepEqual(incomingCallMessage(ringing),
    { cvw: 1, type: 'incoming_call', call_id: 'in-1', state: 'ringing', caller_name: 'Bob Jones', caller_number: '+14255550102' });
});

test('the popup\'s code is taken only in its own envelope', () => {
  assert.equal(codeOf({ cvw: 1, type: 'code', code: '0123456789abcdef' }), '0123456789abcdef');
  assert.equal(codeOf({ cvw: 1, type: 'code', code: 'sSU3yNL1y-QS3W-l_eDJlHfIwk' }), 'sSU3yNL1y-QS3W-l_eDJlHfIwk', 'base64url too');
  for (const data of [null, { type: 'code', code: '0123456789abcdef' }, { cvw: 1, type: 'token', code: '0123456789abcdef' },
    { cvw: 1, type: 'code', code: 'not hex at all!' }, { cvw: 1, type: 'code', code: 'ab' }]) assert.equal(codeOf(data), '');
});

/** A window framed by `parent`, whose postMessage calls are kept. */
function framedWindow() {
  const parent = { posted: [], postMessage(message, origin) { this.posted.push([message, origin]); } };
  const win = new EventTarget();
  win.parent = parent;
  const hear = (data, origin, source = parent) => win.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  return { win, parent, hear };
}

test('the widget hears only its parent on a configured origin, and answers only that origin', () => {
  const { win, parent, hear } = framedWindow();
  const link = new PortalLink(win);
  const heard = [];
  link.addEventListener('message', (e) => heard.push(e.detail));
  link.post({ cvw: 1, type: 'need_token' }); // before the portal spoke: it waits
  hear({ cvw: 1, type: 'init' }, 'https://crm.example'); // before the origins are known: it waits
  assert.deepEqual(heard, []);
  link.allow(['https://crm.example', 'https://crm2.example']);
  assert.deepEqual(heard, [{ type: 'init' }]);
  assert.deepEqual(parent.posted, [[{ cvw: 1, type: 'need_token' }, 'https://crm.example']]);

  hear({ cvw: 1, type: 'call', id: 'c1', to: '1002' }, 'https://evil.example');
  hear({ cvw: 1, type: 'call', id: 'c2', to: '1002' }, 'https://crm.example', { postMessage() {} }); // a nested frame
  hear({ cvw: 1, type: 'call', id: 'c3', to: '1002' }, 'https://crm2.example'); // another listed origin, not this page's
  hear({ cvw: 1, type: 'call', id: 'c4', to: '1002' }, 'https://crm.example');
  assert.deepEqual(heard.map((m) => m.id ?? m.type), ['init', 'c4']);

  hear({ cvw: 1, type: 'dial', id: 'c5' }, 'https://crm.example');
  assert.deepEqual(parent.posted.at(-1), [{ cvw: 1, type: 'result', id: 'c5', ok: false, error: 'bad_message' }, 'https://crm.example']);
  assert.ok(parent.posted.every(([, origin]) => origin === 'https://crm.example'), 'never another origin, never *');
});

test('a widget opened on its own, not framed, hears and posts nothing', () => {
  const win = new EventTarget();
  win.parent = win;
  const link = new PortalLink(win);
  link.allow(['https://crm.example']);
  const heard = [];
  link.addEventListener('message', (e) => heard.push(e.detail));
  win.dispatchEvent(Object.assign(new Event('message'), { data: { cvw: 1, type: 'init' }, origin: 'https://crm.example', source: win }));
  link.post({ cvw: 1, type: 'ready' });
  assert.deepEqual(heard, []);
});
