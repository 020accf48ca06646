// Widget entry, in cvw's iframe on a portal's page: the portal's channel first (the loader's init
// may come at any moment), then the catalog, the portal's settings, sign-in, and compact views over
// the headless client. A sign-out reloads the widget, which then signs in from the top; the embed
// session lives in this page's memory only.
import { $, setDot } from '../dom.js';
import { loadCore } from '../client/cvw-core.js';
import { followAccountLanguage, t, useCatalog } from '../i18n.js';
import { CvwClient } from '../client/cvw-client.js';
import { cookieAuth } from '../client/connection.js';
import { currentUser } from '../client/session-api.js';
import { embedAuth, endEmbedSession, portalConfig, startEmbedSession } from '../client/embed-api.js';
import { PortalLink } from './portal-link.js';
import { PortalApi } from './portal-api.js';
import { widgetMessage } from './messages.js';
import { WidgetSignIn } from './sign-in.js';
import { SignInView } from './sign-in-view.js';
import { ConfirmView } from './confirm-view.js';
import { IncomingCallPanel, PlacedCallPanel } from './call-panels.js';
import { SearchPanel } from '../search-panel.js';
import { FavouritesView } from '../favourites-view.js';
import { RecentView } from './recent-view.js';
import { ConnectionBanner } from '../connection-banner.js';

const noticeShownMs = 8000;

const portal = new URLSearchParams(location.search).get('portal') ?? '';
const link = new PortalLink(window); // listening before the first await: init must not be missed
// Why the widget reloaded itself, if it did: signed-out, or refused (signed out before it ever
// connected; a second time in a row it stops there instead of reloading again).
const reloaded = location.hash.slice(1);
if (reloaded) history.replaceState(null, '', location.pathname + location.search);

const core = await loadCore();
await useCatalog(core);
const config = await portalConfig(portal);
if (config.ok) start(config.data);
else showProblem(config.text);

function showProblem(text) {
  $('main').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-button').hidden = true;
  $('sign-in-text').textContent = text;
}

let noticeTimer;
function notify(text) {
  const notice = $('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, noticeShownMs);
}

/** The portal's settings are known: talk to it, and sign in. */
function start(settings) {
  let views = null; // once signed in
  const api = new PortalApi({
    link,
    confirmCalls: settings.confirm_calls !== false,
    confirm: (destination) => views.confirm.ask(destination, { fromPortal: true }),
    labels: { open: t('widget.open'), close: t('widget.close'), title: t('page.title') },
    onOpen: () => {
      if (views && !views.confirm.asked) views.search.focus();
    },
  });
  const signIn = new WidgetSignIn({ portal, link, api: { currentUser, startEmbedSession } });
  new SignInView({ root: $('sign-in'), signIn });
  link.addEventListener('message', (e) => {
    if (e.detail.type === 'token') signIn.giveToken(e.detail.token);
    else api.handle(e.detail);
  });
  signIn.addEventListener('refused', (e) => link.post(widgetMessage('sign_in_refused', e.detail)));
  signIn.addEventListener('signed-in', (e) => {
    views = run(e.detail, api);
  });
  $('collapse').addEventListener('click', () => link.post(widgetMessage('close')));
  link.allow(settings.origins); // what the portal said meanwhile is heard now, by the listener above
  signIn.start(reloaded === 'signed-out' ? t('widget.signed_out') : '');
}

/** Signed in: the client connects and the views follow it. */
function run({ session, via }, api) {
  const client = new CvwClient({ core, auth: session ? embedAuth(session) : cookieAuth });
  const report = (error) => {
    if (error) notify(error.text);
  };
  const place = (destination) => report(client.placeCall(destination));
  const announce = (text) => { $('call-announce').textContent = text; };
  const confirm = new ConfirmView({ root: $('confirm'), client });
  const searchRoot = $('search');
  const search = new SearchPanel({
    parts: {
      input: searchRoot.querySelector('input'), dial: searchRoot.querySelector('.dial-button'),
      list: searchRoot.querySelector('ul'), heading: searchRoot.querySelector('h2'), empty: searchRoot.querySelector('.hint'),
    },
    client,
    place,
    onResultsChanged: () => watch(),
  });
  new FavouritesView({ root: $('favourites'), client, place });
  // Presence of whoever the widget shows: search results, favourites, the user.
  let watched = '';
  const watch = () => {
    const users = [...new Set([...search.results, ...client.favourites, client.me?.username].filter(Boolean))].slice(0, 200);
    const key = users.join(',');
    if (key === watched || !client.isOpen) return;
    watched = key;
    client.send({ type: 'watch_presence', users });
  };
  client.addEventListener('favourites', () => watch());
  client.addEventListener('welcome', () => {
    watched = ''; // a new connection watches no one yet
    watch();
  });
  new RecentView({
    root: $('recent'), client, pick: async (number) => {
      if (await confirm.ask(number)) place(number);
    },
  });
  new PlacedCallPanel({ root: $('call-panel'), client, announce, report });
  new IncomingCallPanel({ root: $('incoming-panel'), client, announce, report });

  client.addEventListener('welcome', (e) => {
    $('me-name').textContent = e.detail.self.display_name;
    $('presence-select').value = e.detail.chosen;
    $('presence-select').hidden = false;
    $('me-dot').hidden = false;
    setDot($('me-dot'), e.detail.self.presence);
  });
  client.directory.addEventListener('change', (e) => {
    if (e.detail.username === client.me?.username) setDot($('me-dot'), e.detail.presence);
  });
  $('presence-select').addEventListener('change', (e) => report(client.setPresence(e.target.value)));
  client.addEventListener('call_service', (e) => {
    $('call-service').hidden = e.detail.available;
    $('call-service').textContent = e.detail.available ? '' : t('page.calls_unavailable', { reason: e.detail.text ?? '' });
  });
  client.addEventListener('error', (e) => notify(e.detail.text));
  client.addEventListener('settings', (e) => followAccountLanguage(e.detail.language ?? ''));
  new ConnectionBanner({ root: $('banner'), client });
  let connected = false;
  client.addEventListener('status', (e) => {
    const { state } = e.detail;
    connected ||= state === 'open';
    if (state !== 'signed-out') return;
    client.stop();
    api.detach();
    if (!connected && reloaded === 'refused') {
      showProblem(t('page.server_unreachable'));
      return;
    }
    history.replaceState(null, '', connected ? '#signed-out' : '#refused');
    location.reload();
  });
  // Only a sign-in made in the popup is the widget's own to end: a cookie belongs to the cvw page,
  // and a portal's token would sign the user straight back in.
  $('sign-out').hidden = via !== 'code';
  $('sign-out').addEventListener('click', () => endEmbedSession(session));

  api.attach(client);
  client.start();
  $('main').hidden = false;
  return { confirm, search };
}
