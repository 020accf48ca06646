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
      text: refusalText(r),
      retryAfterSeconds: r.retryAfterSeconds,
    };
  } catch {
    return { ok: false, text: t('page.server_unreachable') };
  }
}

/** The catalog's words for the server's refusal code ("http.<code>"), or the status when it sent none. */
function refusalText(r) {
  const code = typeof r.data.error === 'string' && /^[a-z_]{1,40}$/.test(r.data.error) ? r.data.error : '';
  if (!code) return t('page.sign_in_failed', { status: r.status });
  return t(`http.${code}`, { seconds: r.data.retry_after_seconds ?? r.retryAfterSeconds });
}

export async function signOut() {
  await post('/api/logout').catch(() => {});
}
