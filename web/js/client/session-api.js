// Sign-in endpoints. The session lives in an HttpOnly cookie the page never sees.
import { t } from '../i18n.js';

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({}));
  const retryAfterSeconds = Number(res.headers.get('Retry-After')) || 0;
  return { ok: res.ok, status: res.status, data, retryAfterSeconds };
}

/** The signed-in user, or null when the cookie is missing or expired. */
export async function currentUser() {
  const res = await fetch('/api/me', { credentials: 'same-origin' });
  const me = res.ok ? await res.json() : {};
  return me.signed_in ? me : null;
}

/**
 * Resolves to { ok, user } or { ok: false, text, retryAfterSeconds }: the refusal in words, and how
 * long the server asks to wait before the next attempt (0 when it did not say).
 */
export async function signIn(username, password) {
  try {
    const r = await post('/api/login', { username, password });
    if (r.ok) return { ok: true, user: r.data };
    return {
      ok: false,
      text: refusal(r).text,
      retryAfterSeconds: r.retryAfterSeconds,
    };
  } catch {
    return { ok: false, text: refusal(null).text };
  }
}

/** Why cvw refused a portal's token (docs/widget.md); each reason has its own words. */
export const tokenRefusals = ['malformed', 'bad_signature', 'expired', 'not_yet_valid', 'replayed', 'too_long_lived',
  'wrong_issuer', 'wrong_audience', 'unknown_user'];

/**
 * A refused request as { code, reason, text }: the server's refusal code, a refused token's reason
 * (else ''), and the catalog's words for them ("http.<code>", "http.invalid_token.<reason>"), or
 * the status when it sent no code. `r` ({ status, data, retryAfterSeconds }) is null when the
 * server could not be reached.
 */
export function refusal(r) {
  if (!r) return { code: 'unreachable', reason: '', text: t('page.server_unreachable') };
  const code = typeof r.data.error === 'string' && /^[a-z_]{1,40}$/.test(r.data.error) ? r.data.error : '';
  if (!code) return { code: 'failed', reason: '', text: t('page.sign_in_failed', { status: r.status }) };
  const reason = code === 'invalid_token' && tokenRefusals.includes(r.data.reason) ? r.data.reason : '';
  const key = reason ? `http.${code}.${reason}` : `http.${code}`;
  return { code, reason, text: t(key, { seconds: r.data.retry_after_seconds ?? r.retryAfterSeconds }) };
}

export async function signOut() {
  await post('/api/logout').catch(() => {});
}
