// What to call: the destination a link names (tel:, sip:, callto: or a deep link), and whether a
// typed text is a number to dial rather than a name to search for. Used by the page and the widget.

/**
 * What a link asks to call: the number or username with its scheme (tel:, sip:, sips:, callto:),
 * a SIP URI's host and any parameters taken off; '' when nothing is left.
 */
export function destinationOf(link) {
  let value = String(link ?? '').trim();
  const scheme = value.match(/^(tel|sips?|callto):(\/\/)?/i);
  if (scheme) value = value.slice(scheme[0].length);
  if (scheme && /^sips?$/i.test(scheme[1])) value = value.split('@')[0];
  value = value.split(/[;?]/)[0];
  try {
    value = decodeURIComponent(value);
  } catch {
    // not escaped after all: keep it as it is
  }
  return value.trim().slice(0, 64);
}

/** Looks like something to dial rather than a name: digits with the usual separators. */
export function looksLikeNumber(text) {
  return /^\+?[\d\s().\-/]{3,}$/.test(text) && /\d{3,}/.test(text.replace(/\D/g, ''));
}
