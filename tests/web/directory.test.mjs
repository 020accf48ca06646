// The client's people store under node: what search results and presence events leave in it, and
// whom a destination names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Directory } from '../../web/js/client/directory.js';

const bob = { username: 'bob', display_name: 'Bob Jones', extension: '1002', number: '+14255550102', presence: 'busy' };

test('search results and presence changes are remembered, each change told once', () => {
  const directory = new Directory();
  const changes = [];
  directory.addEventListener('change', (e) => changes.push([e.detail.username, e.detail.presence]));
  directory.remember([bob]);
  directory.remember([bob]);
  directory.setPresence('bob', 'away');
  assert.deepEqual(changes, [['bob', 'busy'], ['bob', 'away']]);
  assert.equal(directory.get('bob').display_name, 'Bob Jones');
  assert.deepEqual(directory.get('dana'), { username: 'dana', display_name: 'dana', extension: '', number: '', presence: 'offline' });
});

test('a destination is named by username, extension or number however it is written', () => {
  const directory = new Directory();
  directory.remember([bob]);
  for (const destination of ['bob', '1002', '+14255550102', '+1 (425) 555-0102', '+1-425-555-0102']) {
    assert.equal(directory.nameFor(destination), 'Bob Jones', destination);
  }
  for (const destination of ['carol', '1003', '4255550102', '', '+']) assert.equal(directory.nameFor(destination), '', destination);
});
