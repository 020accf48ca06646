// The embind module as the page uses it: validation errors, canonical commands, the conversation model,
// and the words of the one catalog the page loaded, for events and for the page's own texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const createCvwCore = require(process.env.CVW_CORE_NODE_MODULE);
const catalogFile = (language) => readFileSync(new URL(`../../shared/i18n/${language}.json`, import.meta.url), 'utf8');

test('until a catalog is loaded every text shows as its key; a bad catalog is refused', async () => {
  const fresh = await createCvwCore();
  assert.equal(fresh.render('en', 'call.title.ended', '{}'), 'call.title.ended');
  assert.match(fresh.useCatalog('de', catalogFile('en')), /no catalog named 'de'/);
  assert.match(fresh.useCatalog('en', '{"call.title.ended": 5}'), /'call.title.ended' is not a string/);
  assert.match(fresh.useCatalog('en', '{"page.x": "{n, plural, one {# call}"}'), /'page.x'/);
  assert.equal(fresh.render('en', 'call.title.ended', '{}'), 'call.title.ended');
  assert.equal(fresh.useCatalog('en', catalogFile('en')), '');
  assert.equal(fresh.render('en', 'call.title.ended', '{}'), 'Call ended');
  assert.notEqual(fresh.useCatalog('en', 'not json'), '');
  assert.equal(fresh.render('en', 'call.title.ended', '{}'), 'Call ended', 'a refused catalog keeps the words in use');
});

const core = await createCvwCore();
assert.equal(core.useCatalog('en', catalogFile('en')), '');

test('encodeCommand returns canonical text for a valid command', () => {
  const r = core.encodeCommand(JSON.stringify({ type: 'send_im', to: 'bob', text: 'hi', client_id: 'c1' }), 'en');
  assert.equal(r.ok, true);
  assert.equal(r.text, '{"client_id":"c1","text":"hi","to":"bob","type":"send_im"}');
});

test('encodeCommand reports the field that is wrong', () => {
  const r = core.encodeCommand(JSON.stringify({ type: 'send_im', to: 'bob', client_id: 'c1', text: 'x'.repeat(4001) }), 'en');
  assert.equal(r.ok, false);
  assert.deepEqual(r.error, { code: 'too_long', field: 'text', text: "'text' is longer than 4000 bytes." });
  assert.equal(core.encodeCommand('not json', 'en').error.code, 'invalid_json');
});

test('decodeEvent validates server events', () => {
  const ok = core.decodeEvent('{"type":"presence","username":"bob","presence":"away"}', 'en');
  assert.deepEqual(ok, { ok: true, event: { type: 'presence', username: 'bob', presence: 'away' } });
  const bad = core.decodeEvent('{"type":"presence","username":"bob","presence":"sleeping"}', 'en');
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'presence');
});

test('decodeEvent words the events a person reads, from codes only', () => {
  const ended = core.decodeEvent(JSON.stringify({
    type: 'call_state', call_id: 'call-1', state: 'ended', reason: 'callee_busy', callee_name: 'Bob Jones',
    number: '1002', started_at: 1, connected_at: 0,
  }), 'en');
  assert.equal(ended.event.text, 'Bob Jones is busy.');
  const refused = core.decodeEvent(JSON.stringify({
    type: 'error', code: 'call_limit_reached', detail: 'per_user_minute', params: { seconds: '6' },
  }), 'en-GB');
  assert.equal(refused.event.text, 'You have placed too many calls in a short time; try again in 6 s.');
  const recent = core.decodeEvent(JSON.stringify({
    type: 'recent_calls', filter: 'all', calls: [
      { id: 1, direction: 'incoming', peer_name: '', number: '+442079460018', started_at: 1, answered_at: 0,
        ended_at: 2, outcome: 'missed', via: 'cvw' },
      { id: 2, direction: 'incoming', peer_name: 'Bob Jones', number: '1002', started_at: 1, answered_at: 0,
        ended_at: 2, outcome: 'missed', via: 'phone' },
    ],
  }), 'en');
  assert.deepEqual(recent.event.calls.map((c) => c.text),
    ['You missed a call from +442079460018.', 'Missed call from Bob Jones on the desk phone.']);
  const presence = core.decodeEvent('{"type":"presence","username":"bob","presence":"away"}', 'en');
  assert.equal(presence.event.text, undefined);
});

test('render words the page\'s own texts; unknown keys show as themselves', () => {
  assert.equal(core.render('en', 'call.title.connected', JSON.stringify({ name: 'Bob Jones' })), 'Connected with Bob Jones');
  assert.equal(core.render('en', 'page.reconnecting_in', JSON.stringify({ seconds: 4 })), 'Reconnecting in 4 s…');
  assert.equal(core.render('en', 'page.recent_empty_filtered', JSON.stringify({ filter: 'missed' })), 'No missed calls.');
  assert.equal(core.render('en', 'no.such.key', '{}'), 'no.such.key');
  assert.equal(core.render('en', 'call.title.connected', 'not json'), 'Connected with {name}');
});

test('negotiateLanguage picks a catalog we have, English otherwise', () => {
  assert.equal(core.negotiateLanguage('en-US'), 'en');
  assert.equal(core.negotiateLanguage('ko-KR'), 'ko');
  assert.equal(core.negotiateLanguage('zh-Hans-CN'), 'zh');
  assert.equal(core.negotiateLanguage('de-DE'), 'en');
  assert.equal(core.negotiateLanguage('<script>'), 'en');
});

test('languages lists every catalog, English first', () => {
  assert.equal(core.languages(), 'en,ko,ru,zh,es,fr');
});

test('render words a text from the catalog loaded, whichever language is asked for', async () => {
  const russian = await createCvwCore();
  assert.equal(russian.useCatalog('ru', catalogFile('ru')), '');
  const words = JSON.parse(catalogFile('ru'))['call.title.ended'];
  assert.equal(russian.render('ru', 'call.title.ended', '{}'), words);
  assert.equal(russian.render('en', 'call.title.ended', '{}'), words);
  const refused = russian.decodeEvent(JSON.stringify({
    type: 'error', code: 'call_limit_reached', detail: 'per_user_minute', params: { seconds: '6' },
  }), 'ru').event.text;
  assert.match(refused, /6/);
  assert.notEqual(refused, 'You have placed too many calls in a short time; try again in 6 s.');
  assert.notEqual(russian.render('ru', 'call.title.ended', '{}'), core.render('en', 'call.title.ended', '{}'));
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
