// How a refused sign-in or widget request becomes words, without a browser: the server's code
// picks the catalog key, a refused token's reason a key of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { refusal, tokenRefusals } from '../../web/js/client/session-api.js';
import { installFakeCore } from './fake-core.mjs';

await installFakeCore();
const english = JSON.parse(readFileSync(new URL('../../shared/i18n/en.json', import.meta.url), 'utf8'));
const refused = (status, data, retryAfterSeconds = 0) => refusal({ status, data, retryAfterSeconds });

test('a refused token is worded by its reason; a reason the page does not know gets the general words', () => {
  for (const reason of tokenRefusals) {
    assert.deepEqual(refused(401, { error: 'invalid_token', reason }),
      { code: 'invalid_token', reason, text: `http.invalid_token.${reason} {"seconds":0}` });
    assert.ok(english[`http.invalid_token.${reason}`], `the catalog has words for ${reason}`);
  }
  assert.deepEqual(refused(401, { error: 'invalid_token', reason: 'from_mars' }),
    { code: 'invalid_token', reason: '', text: 'http.invalid_token {"seconds":0}' });
});

test('other refusals by their code; no code, by the status; no answer at all, unreachable', () => {
  assert.equal(refused(401, { error: 'invalid_code' }).text, 'http.invalid_code {"seconds":0}');
  assert.equal(refused(404, { error: 'unknown_portal' }).code, 'unknown_portal');
  assert.equal(refused(429, { error: 'login_throttled', retry_after_seconds: 30 }).text, 'http.login_throttled {"seconds":30}');
  assert.equal(refused(429, { error: 'rate_limited' }, 5).text, 'http.rate_limited {"seconds":5}');
  assert.deepEqual(refused(502, {}), { code: 'failed', reason: '', text: 'page.sign_in_failed {"status":502}' });
  assert.deepEqual(refused(500, { error: 'Not A Code!' }).code, 'failed');
  assert.deepEqual(refusal(null), { code: 'unreachable', reason: '', text: 'page.server_unreachable' });
});
