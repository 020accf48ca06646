// The widget's endpoints: a portal's settings, a portal's token or the sign-in popup's one-time
// code traded for an embed session, a code for the popup, and ending the session. An embed
// session is kept in memory only and rides on the WebSocket as a subprotocol.
import { refusal } from './session-api.js';

async function request(path, { method = 'GET', body, headers = {} } = {}) {
  try {
    const res = await fetch(path, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const data = await res.json().catch(() => ({}));
    if (res.ok) return { ok: true, data };
    return { ok: false, ...refusal({ status: res.status, data, retryAfterSeconds: Number(res.headers.get('Retry-After')) || 0 }) };
  } catch {
    return { ok: false, ...refusal(null) };
  }
}

/** { ok, data: { portal, origins, confirm_calls } }, or { ok: false, code, text }. */
export function portalConfig(portal) {
  return request(`/api/embed/config?portal=${encodeURIComponent(portal)}`);
}

/**
 * Trades `proof` ({ token } from the portal, or { code } from the popup) for an embed session:
 * { ok, session: { session, username, display_name, expiresAt } }, or { ok: false, code, text }.
 */
export async function startEmbedSession(portal, proof) {
  const r = await request('/api/embed/session', { method: 'POST', body: { portal, ...proof } });
  if (!r.ok) return r;
  const { session, username, display_name: displayName, expires_in: expiresIn } = r.data;
  return { ok: true, session: { session, username, display_name: displayName, expiresAt: Date.now() + expiresIn * 1000 } };
}

/** The popup's one-time code for `portal`, made with the cvw session cookie: { ok, data: { code } }. */
export function embedCode(portal) {
  return request('/api/embed/code', { method: 'POST', body: { portal } });
}

/** Ends an embed session; its sockets close with reason "signed out". */
export function endEmbedSession(session) {
  return request('/api/embed/logout', { method: 'POST', body: {}, headers: { Authorization: `Bearer ${session.session}` } });
}

/**
 * How a connection signs in with an embed session. A refused reconnect means it is over once it
 * has expired, or when the server answers HTTP (it is up) yet refused the socket.
 */
export function embedAuth(session) {
  const serverAnswers = () => fetch('/api/me', { credentials: 'omit', cache: 'no-store' }).then(() => true, () => false);
  return {
    protocols: ['cvw', `cvw-session.${session.session}`],
    stillSignedIn: async () => Date.now() < session.expiresAt && !(await serverAnswers()),
  };
}
