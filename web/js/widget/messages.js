// The postMessage API between a portal page (through cvw-embed.js) and the widget, version 1:
// every message is { cvw: 1, type, id?, ... }. Here what the portal may send is checked and what
// the widget sends is built; docs/widget.md is the reference for both. No DOM.

export const apiVersion = 1;

const presenceStates = ['available', 'busy', 'do_not_disturb', 'away'];

const text = (max, min = 1) => (v) => typeof v === 'string' && v.length >= min && v.length <= max;

/** What the portal may send: type -> { fields: name -> check, id: whether it must carry an id }. */
const portalMessages = {
  init: { fields: {}, id: false },
  token: { fields: { token: text(8192, 0) }, id: false }, // '' says the portal has no token to give
  call: { fields: { to: text(256) }, id: true },
  hang_up: { fields: {}, id: true },
  answer: { fields: {}, id: true },
  decline: { fields: {}, id: true },
  set_presence: { fields: { state: (v) => presenceStates.includes(v) }, id: true },
  open: { fields: {}, id: false },
  close: { fields: {}, id: false },
};

const usableId = (id) => (typeof id === 'string' && id.length > 0 && id.length <= 64) || Number.isSafeInteger(id);

/**
 * Reads what the portal posted. { ok: true, message } holds the envelope's type and id and the
 * type's own fields, nothing else. Otherwise { ok: false, id }: id is the message's own when it
 * carried a usable one (answer it with result bad_message), else null (ignore it); data that is
 * not a cvw envelope at all is ignored too.
 */
export function readPortalMessage(data) {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('cvw' in data)) return { ok: false, id: null };
  const id = usableId(data.id) ? data.id : null;
  const spec = typeof data.type === 'string' && Object.hasOwn(portalMessages, data.type) ? portalMessages[data.type] : null;
  if (data.cvw !== apiVersion || !spec) return { ok: false, id };
  if ('id' in data && id === null) return { ok: false, id: null };
  if (spec.id && id === null) return { ok: false, id: null };
  const message = { type: data.type };
  if (id !== null) message.id = id;
  for (const [name, check] of Object.entries(spec.fields)) {
    if (!check(data[name])) return { ok: false, id };
    message[name] = data[name];
  }
  return { ok: true, message };
}

/** A message from the widget to the portal. */
export function widgetMessage(type, fields = {}) {
  return { cvw: apiVersion, type, ...fields };
}

/** The answer to a portal's command: ok, or the code of what kept it back. */
export function resultMessage(id, error = null) {
  return widgetMessage('result', { id, ok: error === null, error });
}

/** What the portal hears of a placed call: its state, never more than it could know. */
export function callStateMessage(event) {
  return widgetMessage('call_state', {
    call_id: event.call_id, state: event.state, reason: event.reason ?? '', number: event.number ?? '',
  });
}

/** What the portal hears of an incoming call. */
export function incomingCallMessage(event) {
  return widgetMessage('incoming_call', {
    call_id: event.call_id, state: event.state, caller_name: event.caller_name ?? '', caller_number: event.caller_number ?? '',
  });
}

/** The one-time code the sign-in popup posts to the widget, or '' when `data` is not that. */
export function codeOf(data) {
  const ok = typeof data === 'object' && data !== null && data.cvw === apiVersion && data.type === 'code' &&
    typeof data.code === 'string' && /^[\w-]{8,256}$/.test(data.code); // hex or base64url, opaque
  return ok ? data.code : '';
}
