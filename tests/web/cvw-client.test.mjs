// The headless client without a browser or a server: server events reach its stores before any
// listener hears them, and its commands go out as docs/protocol.md says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CvwClient } from '../../web/js/client/cvw-client.js';
import { fakeCore, installFakeCore, openSocket } from './fake-core.mjs';

await installFakeCore();

function connectedClient() {
  const client = new CvwClient({ core: fakeCore });
  const socket = openSocket();
  client.connection.ws = socket;
  return { client, sent: socket.sent };
}

test('each event is in the stores before listeners hear it, under its type and as "event"', () => {
  const { client } = connectedClient();
  const heard = [];
  client.addEventListener('event', (e) => heard.push(['event', e.detail.type]));
  client.addEventListener('call_state', (e) => heard.push(['call_state', client.calls.current === e.detail, client.calls.changed]));
  client.addEventListener('presence', () => heard.push(['presence', client.directory.get('bob').presence]));
  client.take({ type: 'welcome', self: { username: 'alice', display_name: 'Alice Smith', presence: 'available' } });
  client.take({ type: 'search_results', request_id: 'q1', results: [{ username: 'bob', display_name: 'Bob Jones', presence: 'busy' }] });
  client.take({ type: 'presence', username: 'bob', presence: 'away' });
  client.take({ type: 'call_state', call_id: 'call-1', state: 'calling_own_phone' });
  assert.deepEqual(heard, [
    ['event', 'welcome'], ['event', 'search_results'],
    ['event', 'presence'], ['presence', 'away'],
    ['event', 'call_state'], ['call_state', true, true],
  ]);
  assert.equal(client.me.display_name, 'Alice Smith');
  assert.equal(client.directory.get('alice').display_name, 'Alice Smith');
  assert.equal(client.directory.get('bob').display_name, 'Bob Jones');
});

test('commands go out as the protocol has them', () => {
  const { client, sent } = connectedClient();
  assert.equal(client.placeCall('bob'), null);
  assert.equal(client.placeCall('1002', 'bob'), null);
  client.hangUp('call-1');
  client.acceptCall('in-1');
  client.declineCall('in-2');
  client.setPresence('busy');
  client.loadRecentCalls();
  const first = client.search('bob');
  const second = client.search('x'.repeat(150));
  assert.notEqual(first.requestId, second.requestId);
  assert.equal(first.error, null);
  assert.deepEqual(sent, [
    { type: 'place_call', destination: 'bob' },
    { type: 'place_call', destination: '1002', conversation: 'bob' },
    { type: 'hang_up', call_id: 'call-1' },
    { type: 'accept_call', call_id: 'in-1' },
    { type: 'decline_call', call_id: 'in-2' },
    { type: 'set_presence', state: 'busy' },
    { type: 'get_recent_calls', limit: 20, filter: 'all' },
    { type: 'search', request_id: first.requestId, query: 'bob' },
    { type: 'search', request_id: second.requestId, query: 'x'.repeat(100) },
  ]);
});

test('a second call while one is going is kept back, in words; so is anything while offline', () => {
  const { client, sent } = connectedClient();
  client.take({ type: 'call_state', call_id: 'call-1', state: 'connected' });
  assert.deepEqual(client.placeCall('carol'), { code: 'call_in_progress', text: 'page.call_in_progress' });
  client.take({ type: 'call_state', call_id: 'call-1', state: 'ended' });
  assert.equal(client.placeCall('carol'), null);
  assert.deepEqual(sent, [{ type: 'place_call', destination: 'carol' }]);

  client.connection.ws = null;
  assert.deepEqual(client.hangUp('call-2'), { code: 'offline', text: 'error.offline' });
  assert.equal(client.isOpen, false);
});

test('favourites: the list and their cards come from the server, a star adds or removes', () => {
  const { client, sent } = connectedClient();
  assert.equal(client.isFavourite('bob'), false);
  assert.deepEqual(client.toggleFavourite('bob'), null);
  client.take({ type: 'favourites', people: [
    { username: 'carol', display_name: 'Carol Diaz', extension: '1003', number: '+14255550103', presence: 'busy' },
    { username: 'bob', display_name: 'Bob Jones', extension: '1002', number: '+14255550102', presence: 'available' },
  ] });
  assert.deepEqual(client.favourites, ['carol', 'bob'], 'in the order the server keeps');
  assert.equal(client.directory.get('carol').presence, 'busy');
  assert.equal(client.isFavourite('bob'), true);
  client.toggleFavourite('bob');
  client.take({ type: 'favourites', people: [] });
  assert.deepEqual(client.favourites, []);
  assert.deepEqual(sent, [{ type: 'add_favourite', username: 'bob' }, { type: 'remove_favourite', username: 'bob' }]);
});

test('recent contacts and the call log pages: the server keeps them, the client asks as the protocol has it', () => {
  const { client, sent } = connectedClient();
  client.take({ type: 'recent_contacts', people: [
    { username: 'carol', display_name: 'Carol Diaz', extension: '1003', number: '+14255550103', presence: 'away' },
  ] });
  assert.deepEqual(client.recentContacts, ['carol']);
  assert.equal(client.directory.get('carol').presence, 'away');
  client.loadRecentContacts();
  client.loadRecentCalls('missed', 20, 812);
  client.loadRecentCalls('all', 20, 0); // the newest page: no before_id
  assert.deepEqual(sent, [
    { type: 'get_recent_contacts', limit: 10 },
    { type: 'get_recent_calls', limit: 20, filter: 'missed', before_id: 812 },
    { type: 'get_recent_calls', limit: 20, filter: 'all' },
  ]);
});

test('Retry now opens the socket at once while a reconnect waits, and does nothing otherwise', () => {
  const { client } = connectedClient();
  let opened = 0;
  client.connection.open = () => { opened += 1; };
  client.retryNow(); // connected: no wait to cut short
  assert.equal(opened, 0);
  client.connection.retryTimer = setTimeout(() => assert.fail('the wait should have been cancelled'), 60000);
  client.retryNow();
  assert.equal(opened, 1);
  assert.equal(client.connection.retryTimer, null);
  client.retryNow(); // already trying
  assert.equal(opened, 1);
});
