// The embind module as the page uses it: validation errors, canonical commands, the conversation model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const createCvwCore = require(process.env.CVW_CORE_NODE_MODULE);
const core = await createCvwCore();

test('encodeCommand returns canonical text for a valid command', () => {
  const r = core.encodeCommand(JSON.stringify({ type: 'send_im', to: 'bob', text: 'hi', client_id: 'c1' }));
  assert.equal(r.ok, true);
  assert.equal(r.text, '{"client_id":"c1","text":"hi","to":"bob","type":"send_im"}');
});

test('encodeCommand reports the field that is wrong', () => {
  const r = core.encodeCommand(JSON.stringify({ type: 'send_im', to: 'bob', client_id: 'c1', text: 'x'.repeat(4001) }));
  assert.equal(r.ok, false);
  assert.deepEqual(r.error, { code: 'too_long', field: 'text', message: "'text' is longer than 4000 bytes." });
  assert.equal(core.encodeCommand('not json').error.code, 'invalid_json');
});

test('decodeEvent validates server events', () => {
  const ok = core.decodeEvent('{"type":"presence","username":"bob","presence":"away"}');
  assert.deepEqual(ok, { ok: true, event: { type: 'presence', username: 'bob', presence: 'away' } });
  const bad = core.decodeEvent('{"type":"presence","username":"bob","presence":"sleeping"}');
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'presence');
});

test('Conversation merges live IMs, history and pending sends', () => {
  const c = new core.Conversation('alice', 'bob');
  c.addPending('c1', 'hello');
  assert.equal(c.pending().length, 1);
  const im = (id, from, to, text, clientId) => JSON.stringify({
    type: 'im', message: { id, from, to, text, sent_at: id * 1000 }, ...(clientId ? { client_id: clientId } : {}),
  });
  assert.equal(c.applyEvent(im(5, 'alice', 'bob', 'hello', 'c1')), true);
  assert.equal(c.pending().length, 0);
  assert.equal(c.applyEvent(im(6, 'bob', 'alice', 'hey')), true);
  assert.equal(c.applyEvent(im(6, 'bob', 'alice', 'hey')), false);
  assert.equal(c.applyEvent(im(7, 'carol', 'alice', 'not here')), false);
  assert.equal(c.unread(), 1);
  c.applyEvent(JSON.stringify({ type: 'history', with: 'bob', has_more: false,
    messages: [{ id: 2, from: 'bob', to: 'alice', text: 'older', sent_at: 2000 }] }));
  assert.deepEqual(c.messages().map((m) => m.text), ['older', 'hello', 'hey']);
  assert.equal(c.oldestId(), 2);
  assert.equal(c.hasMoreHistory(), false);
  c.delete();
});
