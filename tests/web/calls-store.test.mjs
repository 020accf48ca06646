// The client's calls store, fed server events as they come over the socket, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallsStore } from '../../web/js/client/calls-store.js';

const placed = (state, callId = 'call-1') => ({ type: 'call_state', call_id: callId, state, reason: '', number: 'bob' });
const incoming = (state, callId = 'in-1') => ({ type: 'incoming_call', call_id: callId, state, caller_name: 'Bob Jones' });

test('a placed call is in progress until it ends; each state counts as a change once', () => {
  const calls = new CallsStore();
  assert.equal(calls.callInProgress, false);
  const seen = [];
  for (const event of [placed('calling_own_phone'), placed('calling_own_phone'), placed('calling_callee'), placed('connected'),
    placed('ended'), placed('ended')]) {
    assert.equal(calls.apply(event), true);
    seen.push([event.state, calls.changed, calls.callInProgress]);
  }
  assert.deepEqual(seen, [
    ['calling_own_phone', true, true],
    ['calling_own_phone', false, true], // the phone reported ringing: the same state again
    ['calling_callee', true, true],
    ['connected', true, true],
    ['ended', true, false],
    ['ended', false, false],
  ]);
  calls.apply(placed('calling_own_phone', 'call-2'));
  assert.equal(calls.changed, true, 'a new call is a change');
  assert.equal(calls.current.call_id, 'call-2');
});

test('incoming calls are kept until they end; the newest still ringing is the one to answer', () => {
  const calls = new CallsStore();
  assert.equal(calls.ringing, null);
  calls.apply(incoming('ringing', 'in-1'));
  calls.apply(incoming('ringing', 'in-2'));
  assert.equal(calls.ringing.call_id, 'in-2');
  calls.apply(incoming('ringing', 'in-1'));
  assert.equal(calls.changed, false, 'in-1 rang already');
  calls.apply(incoming('accepted', 'in-2'));
  assert.equal(calls.changed, true);
  assert.equal(calls.ringing.call_id, 'in-1');
  calls.apply(incoming('ended', 'in-1'));
  assert.deepEqual([...calls.incoming.keys()], ['in-2']);
  assert.equal(calls.ringing, null);
  calls.apply(incoming('ended', 'in-1'));
  assert.equal(calls.changed, false, 'an ended call told again is no change');
  assert.equal(calls.lastIncoming.call_id, 'in-1');
});

test('recent calls and the call service are kept; other events are not the store\'s', () => {
  const calls = new CallsStore();
  assert.equal(calls.available, false);
  assert.equal(calls.apply({ type: 'call_service', available: true }), true);
  assert.equal(calls.changed, true);
  calls.apply({ type: 'call_service', available: true });
  assert.equal(calls.changed, false);
  assert.equal(calls.available, true);
  assert.equal(calls.unavailableText, '');
  calls.apply({ type: 'call_service', available: false, reason: 'pbx_unreachable', text: 'The phone system cannot be reached right now.' });
  assert.equal(calls.unavailableText, 'The phone system cannot be reached right now.'); // why, for the disabled buttons
  calls.apply({ type: 'call_service', available: true });
  assert.equal(calls.unavailableText, '');
  const recent = { type: 'recent_calls', filter: 'all', calls: [{ id: 3, number: 'bob' }] };
  calls.apply(recent);
  assert.equal(calls.recent, recent);
  for (const type of ['welcome', 'presence', 'im', 'error', 'meeting_state']) assert.equal(calls.apply({ type }), false, type);
});
