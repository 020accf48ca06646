// A call in words, as the page and the widget show it: the call panel's title and detail for a
// placed or an incoming call, and durations. From the catalog; no DOM.
import { t } from './i18n.js';

export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

/** { title, detail } of a call_state at `now` (ms): a connected call's detail is its running time. */
export function placedCallWords(c, now = Date.now()) {
  const who = c.callee_name || c.number;
  return {
    title: t(`call.title.${c.state}`, { name: who }),
    detail: c.state === 'connected' ? formatDuration(now - c.connected_at)
      : c.state === 'ended' ? (c.text ?? '') : t(`call.detail.${c.state}`, { name: who }),
  };
}

/** { title, detail } of an incoming_call at `now` (ms). */
export function incomingCallWords(c, now = Date.now()) {
  const who = c.caller_name || c.caller_number || t('peer.unknown_caller');
  const title = c.state === 'ended' && c.outcome === 'missed' ? 'missed' : c.state;
  const number = c.caller_number && c.caller_number !== who ? c.caller_number : '';
  const details = {
    ringing: () => [number, c.desk_phone_ringing ? t('incoming.detail.desk_phone_ringing') : ''].filter(Boolean).join(' · '),
    accepted: () => t('incoming.detail.accepted', { name: who }),
    connected: () => formatDuration(now - c.connected_at),
    ended: () => c.text ?? '',
  };
  return { title: t(`incoming.title.${title}`, { name: who }), detail: details[c.state]?.() ?? '' };
}
