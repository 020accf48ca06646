// The widget's sign-in popup, top-level on cvw's own origin where the cvw cookie works: the usual
// sign-in (skipped when already signed in), then a one-time code for the portal, handed to the
// widget that opened this window (same origin, so targetOrigin is ours) before it closes.
import { $ } from '../dom.js';
import { loadCore } from '../client/cvw-core.js';
import { t, useCatalog } from '../i18n.js';
import { currentUser, signIn } from '../client/session-api.js';
import { embedCode } from '../client/embed-api.js';
import { widgetMessage } from './messages.js';

const portal = new URLSearchParams(location.search).get('portal') ?? '';

function say(text) {
  $('sign-in-form').hidden = true;
  $('sign-in-done').hidden = false;
  $('sign-in-done').textContent = text;
}

function showForm() {
  $('sign-in-done').hidden = true;
  $('sign-in-form').hidden = false;
  $('sign-in-error').textContent = '';
  $('username').focus();
}

/** Signed in: a code for the portal, to the widget that asked. */
async function handOver() {
  if (!window.opener) {
    say(t('widget.signin_no_opener'));
    return;
  }
  const r = await embedCode(portal);
  if (!r.ok) {
    if (r.code === 'unauthorized') showForm();
    else say(r.text);
    return;
  }
  window.opener.postMessage(widgetMessage('code', { code: r.data.code }), location.origin);
  say(t('widget.signin_done'));
  window.close();
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = $('sign-in-button');
  button.disabled = true;
  $('sign-in-error').textContent = '';
  const result = await signIn($('username').value.trim().toLowerCase(), $('password').value);
  button.disabled = false;
  if (!result.ok) {
    $('sign-in-error').textContent = result.text;
    return;
  }
  $('password').value = '';
  handOver();
});

await useCatalog(await loadCore());
if (await currentUser().catch(() => null)) handOver();
else showForm();
