// Sign-in endpoints. The session lives in an HttpOnly cookie the page never sees.

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, data };
}

/** The signed-in user, or null when the cookie is missing or expired. */
export async function currentUser() {
  const res = await fetch('/api/me', { credentials: 'same-origin' });
  const me = res.ok ? await res.json() : {};
  return me.signed_in ? me : null;
}

/** Resolves to { ok, user } or { ok: false, message }. */
export async function signIn(username, password) {
  try {
    const r = await post('/api/login', { username, password });
    if (r.ok) return { ok: true, user: r.data };
    return { ok: false, message: r.data.message ?? `Sign-in failed (${r.status}).` };
  } catch {
    return { ok: false, message: 'The server cannot be reached. Check your connection and try again.' };
  }
}

export async function signOut() {
  await post('/api/logout').catch(() => {});
}
