// What a portal can make the widget do, under node with the real client over a fake socket: the
// confirm step before a call the portal asked for, a result for every command, and the events the
// portal hears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CvwClient } from '../../web/js/client/cvw-client.js';
import { PortalApi } from '../../web/js/widget/portal-api.js';
import { fakeCore, installFakeCore, openSocket } from './fake-core.mjs';

await installFakeCore();

const labels = { open: 'widget.open', close: 'widget.close', title: 'page.title' };

/** A signed-in widget: the portal's posts, the commands sent, and the user's answer to confirm. */
function widget({ confirmCalls = true, says = true } = {}) {
  const posted = [];
  const asked = [];
  const link = { post: (m) => posted.push(m) };
  const api = new PortalApi({
    link, confirmCalls, labels,
    confirm: async (destination) => { asked.push(destination); return says; },
  });
  const client = new CvwClient({ core: fakeCore });
  const socket = openSocket();
  client.connection.ws = socket;
  api.attach(client);
  client.take({ type: 'welcome', self: { username: 'alice', display_name: 'Alice Smith', presence: 'available' } });
  return { api, client, posted, sent: socket.sent, asked };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const types = (posted) => posted.map((m) => m.type);

test('a call the portal asks for opens the widget and waits for the user; Cancel dials nothing', async () => {
  const { api, posted, sent, asked } = widget({ says: false });
  posted.length = 0;
  api.handle({ type: 'call', id: 'c1', to: 'tel:+1 (425) 555-0102' });
  await settle();
  assert.deepEqual(asked, ['+1 (425) 555-0102']);
  assert.deepEqual(posted, [{ cvw: 1, type: 'open' }, { cvw: 1, type: 'result', id: 'c1', ok: false, error: 'cancelled' }]);
  assert.deepEqual(sent, []);
});

test('Call dials; the result comes with the call\'s first state, and each state reaches the portal once', async () => {
  const { api, client, posted, sent } = widget();
  posted.length = 0;
  api.handle({ type: 'call', id: 'c1', to: 'sip:bob@pbx;user=phone' });
  await settle();
  assert.deepEqual(sent, [{ type: 'place_call', destination: 'bob' }]);
  assert.deepEqual(types(posted), ['open'], 'no result before the server answered');
  const state = (s) => client.take({ type: 'call_state', call_id: 'call-1', state: s, reason: '', number: 'bob', callee_name: 'Bob Jones' });
  state('calling_own_phone');
  state('calling_own_phone');
  state('connected');
  assert.deepEqual(posted.slice(1), [
    { cvw: 1, type: 'call_state', call_id: 'call-1', state: 'calling_own_phone', reason: '', number: 'bob' },
    { cvw: 1, type: 'result', id: 'c1', ok: true, error: null },
    { cvw: 1, type: 'call_state', call_id: 'call-1', state: 'connected', reason: '', number: 'bob' },
  ]);
});

test('a trusted portal (confirm_calls = false) dials at once; a refusal before dialling is the result', async () => {
  const { api, client, posted, sent, asked } = widget({ confirmCalls: false });
  posted.length = 0;
  api.handle({ type: 'call', id: 'c1', to: '1002' });
  await settle();
  assert.deepEqual(asked, []);
  assert.deepEqual(sent, [{ type: 'place_call', destination: '1002' }]);
  client.take({ type: 'error', code: 'call_limit_reached', detail: 'per_user_minute', params: { seconds: '6' } });
  assert.deepEqual(posted.at(-1), { cvw: 1, type: 'result', id: 'c1', ok: false, error: 'call_limit_reached' });
});

test('a call is refused at once when there is nothing to call, one is going, or nobody is signed in', async () => {
  const { api, client, posted } = widget();
  posted.length = 0;
  api.handle({ type: 'call', id: 'c1', to: 'tel:' });
  client.take({ type: 'call_state', call_id: 'call-1', state: 'connected', reason: '', number: 'bob' });
  api.handle({ type: 'call', id: 'c2', to: 'carol' });
  api.detach();
  api.handle({ type: 'call', id: 'c3', to: 'carol' });
  await settle();
  const results = posted.filter((m) => m.type === 'result').map((m) => [m.id, m.error]);
  assert.deepEqual(results, [['c1', 'bad_destination'], ['c2', 'call_in_progress'], ['c3', 'not_signed_in']]);
});

test('answer, decline, hang up and presence go to the right call, or say there is none', () => {
  const { api, client, posted, sent } = widget();
  posted.length = 0;
  api.handle({ type: 'answer', id: 'a0' });
  client.take({ type: 'incoming_call', call_id: 'in-1', state: 'ringing', caller_name: 'Bob Jones', caller_number: '+14255550102' });
  api.handle({ type: 'answer', id: 'a1' });
  client.take({ type: 'incoming_call', call_id: 'in-1', state: 'connected', caller_name: 'Bob Jones', caller_number: '+14255550102' });
  api.handle({ type: 'hang_up', id: 'h1' });
  client.take({ type: 'incoming_call', call_id: 'in-2', state: 'ringing', caller_name: '', caller_number: '+14255550103' });
  api.handle({ type: 'decline', id: 'd1' });
  api.handle({ type: 'set_presence', id: 'p1', state: 'busy' });
  assert.deepEqual(sent, [
    { type: 'accept_call', call_id: 'in-1' },
    { type: 'hang_up', call_id: 'in-1' },
    { type: 'decline_call', call_id: 'in-2' },
    { type: 'set_presence', state: 'busy' },
  ]);
  assert.deepEqual(posted.filter((m) => m.type === 'result').map((m) => [m.id, m.error]),
    [['a0', 'no_call'], ['a1', null], ['h1', null], ['d1', null], ['p1', null]]);
  assert.deepEqual(posted.filter((m) => m.type !== 'result').map((m) => [m.type, m.call_id, m.state]), [
    ['incoming_call', 'in-1', 'ringing'], ['open', undefined, undefined],
    ['incoming_call', 'in-1', 'connected'],
    ['incoming_call', 'in-2', 'ringing'], ['open', undefined, undefined],
  ]);
});

test('init is answered with ready (and who is signed in); a reconnect\'s welcome is not news; sign-out is', () => {
  const { api, client, posted } = widget();
  assert.deepEqual(posted, [{ cvw: 1, type: 'signed_in', username: 'alice', display_name: 'Alice Smith' }]);
  api.handle({ type: 'init' });
  assert.deepEqual(posted.slice(1), [
    { cvw: 1, type: 'ready', version: 1, labels },
    { cvw: 1, type: 'signed_in', username: 'alice', display_name: 'Alice Smith' },
  ]);
  client.take({ type: 'welcome', self: { username: 'alice', display_name: 'Alice Smith', presence: 'available' } });
  assert.equal(posted.length, 3);
  api.handle({ type: 'open', id: 'o1' });
  api.handle({ type: 'close' });
  api.detach();
  assert.deepEqual(posted.slice(3), [{ cvw: 1, type: 'result', id: 'o1', ok: true, error: null }, { cvw: 1, type: 'signed_out' }]);
  client.take({ type: 'call_state', call_id: 'call-1', state: 'connected' });
  assert.equal(posted.length, 5, 'a detached client is not heard');
});
