// Page entry: sign-in, then the headless client feeding search, presence, conversations, calls
// and meetings.
import { $, setDot, toast } from './dom.js';
import { loadCore } from './client/cvw-core.js';
import { t, useCatalog } from './i18n.js';
import { CvwClient } from './client/cvw-client.js';
import { SearchPanel } from './search-panel.js';
import { FavouritesView } from './favourites-view.js';
import { RecentContactsView } from './recent-contacts-view.js';
import { Conversations } from './conversations.js';
import { SettingsDialog } from './settings-dialog.js';
import { Calls } from './calls.js';
import { AddPerson } from './add-person.js';
import { MeetingChat } from './meeting-chat.js';
import { IncomingCalls } from './incoming.js';
import { Meetings } from './meetings.js';
import { MeetingList } from './meeting-list.js';
import { ScheduleDialog } from './schedule-dialog.js';
import { currentUser, signIn, signOut } from './client/session-api.js';
import { CallLink } from './call-link.js';
import { ConnectionBanner } from './connection-banner.js';
import { destinationOf } from './client/destination.js';

function showSignIn(text = '') {
  $('app').hidden = true;
  $('banner').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = text;
  $('username').focus();
}

async function startApp(username) {
  const core = await loadCore();
  $('sign-in').hidden = true;
  $('app').hidden = false;

  const client = new CvwClient({ core });
  const { directory } = client;
  let watched = '';
  const updateWatch = () => {
    const users = [...new Set([...search.results, ...client.favourites, ...client.recentContacts, ...conversations.peers(), username])]
      .slice(0, 200);
    const key = users.join(',');
    if (key === watched || !client.isOpen) return;
    watched = key;
    client.send({ type: 'watch_presence', users });
  };
  const calls = new Calls({ client });
  const conversations = new Conversations({
    core, client, directory, calls, me: username, onOpenChanged: () => updateWatch(),
  });
  const search = new SearchPanel({
    parts: {
      input: $('search-input'), dial: $('dial-button'), list: $('search-results'), heading: $('results-heading'), empty: $('search-empty'),
    },
    client,
    place: (destination) => calls.place(destination),
    onPick: (peer) => conversations.open(peer),
    onResultsChanged: () => updateWatch(),
  });

  new FavouritesView({
    root: $('favourites'), client, place: (destination) => calls.place(destination), onPick: (peer) => conversations.open(peer),
  });
  new RecentContactsView({
    root: $('recent-contacts'), client, place: (destination) => calls.place(destination), onPick: (peer) => conversations.open(peer),
  });
  client.addEventListener('favourites', () => updateWatch());
  client.addEventListener('recent_contacts', () => updateWatch());
  const settings = new SettingsDialog({ client });
  let myName = username;
  const meetings = new Meetings({ client, directory, me: username, myName: () => myName, onEnded: () => calls.loadRecent() });
  const schedule = new ScheduleDialog({ client, me: username });
  const addPerson = new AddPerson({ client, calls, me: username });
  const meetingChat = new MeetingChat({ client, me: username });
  const meetingList = new MeetingList({ send: (c) => meetings.send(c), me: username, inMeeting: () => meetings.active });
  // A caller from the directory: open the chat with them while the call lasts.
  const incoming = new IncomingCalls({
    client,
    onTaken: (call) => {
      const peer = call.caller_username;
      if (!peer) return;
      if (!directory.people.has(peer)) {
        directory.remember([{ username: peer, display_name: call.caller_name || peer, extension: '', number: call.caller_number, presence: 'offline' }]);
      }
      conversations.open(peer);
    },
    onEnded: () => calls.loadRecent(),
  });

  directory.addEventListener('change', (e) => {
    if (e.detail.username === username) setDot($('me-dot'), e.detail.presence);
  });

  // Opened at a meeting link: offer to join once connected (once, not on every reconnect).
  const meetingLink = location.pathname.match(/^\/m\/(m-[0-9a-f]{16})$/)?.[1];
  // Opened to call someone (/?call=…, or a tel: or sip: link): offer to, once connected.
  const callLink = new CallLink({ directory, place: (destination) => calls.place(destination) });
  const linkedCall = destinationOf(new URLSearchParams(location.search).get('call'));
  let linkOpened = false;
  new ConnectionBanner({ root: $('banner'), client });
  client.addEventListener('status', (e) => {
    if (e.detail.state !== 'signed-out') return;
    client.stop();
    location.reload();
  });

  client.addEventListener('event', (e) => {
    const event = e.detail;
    switch (event.type) {
      case 'welcome':
        myName = event.self.display_name || username;
        $('me-name').textContent = event.self.display_name;
        $('presence-select').value = event.chosen;
        setDot($('me-dot'), event.self.presence);
        watched = '';
        updateWatch();
        conversations.resync();
        search.query();
        calls.loadRecent();
        client.send({ type: 'get_meetings' });
        if (meetingLink && !linkOpened) meetings.openLink(meetingLink);
        if (linkedCall && !linkOpened) callLink.offer(linkedCall);
        linkOpened = true;
        break;
      case 'search_results':
        schedule.handleResults(event);
        addPerson.handleResults(event);
        break;
      case 'im': conversations.handleIm(event); break;
      case 'history': conversations.handleHistory(event); break;
      case 'settings': settings.handleSettings(event); break;
      case 'call_state': calls.handleState(event); break;
      case 'call_service': calls.handleService(event); break;
      case 'meeting_state': meetings.handleState(event); meetingChat.follow(event); break;
      case 'meeting_message': meetingChat.handleMessage(event); break;
      case 'meeting_messages': meetingChat.handleMessages(event); break;
      case 'meeting_invitation': meetings.handleInvitation(event); break;
      case 'meeting_info': meetings.handleInfo(event); break;
      case 'meeting_roster': meetings.handleRoster(event); break;
      case 'meetings': meetingList.handle(event); schedule.handleMeetings(event); break;
      case 'meeting_calendar': MeetingList.save(event); break;
      case 'recent_calls': calls.handleRecent(event); break;
      case 'incoming_call': incoming.handle(event); break;
      case 'calls_csv': calls.handleExport(event); break;
      case 'call_logged': // a call the desk phone made or missed on its own, or one Do not disturb held back
        if (event.call.direction === 'incoming' && event.call.outcome === 'missed') incoming.countMissed();
        calls.loadRecent();
        break;
      case 'error':
        if (!settings.handleError(event) && !schedule.handleError(event) && !meetings.handleError(event) &&
            !addPerson.handleError(event)) toast(event.text);
        break;
      default: break;
    }
  });

  $('presence-select').addEventListener('change', (e) => {
    const error = client.setPresence(e.target.value);
    if (error) toast(error.text);
  });
  $('sign-out').addEventListener('click', async () => {
    client.stop();
    await signOut();
    location.reload();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && conversations.active) {
      conversations.byPeer.get(conversations.active)?.markRead();
      conversations.renderList();
    }
  });

  client.start();
}

/** Keeps the sign-in button off while the server asks us to wait, counting the seconds down on it. */
function holdSignIn(seconds) {
  const button = $('sign-in-button');
  let left = seconds;
  const tick = () => {
    if (left <= 0) {
      button.textContent = t('page.sign_in');
      button.disabled = false;
      return;
    }
    button.textContent = t('page.sign_in_wait', { seconds: left });
    left -= 1;
    setTimeout(tick, 1000);
  };
  button.disabled = true;
  tick();
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = $('sign-in-button');
  button.disabled = true;
  $('sign-in-error').textContent = '';
  const username = $('username').value.trim().toLowerCase();
  const result = await signIn(username, $('password').value);
  button.disabled = false;
  if (!result.ok) {
    $('sign-in-error').textContent = result.text;
    if (result.retryAfterSeconds > 0) holdSignIn(result.retryAfterSeconds);
    return;
  }
  $('password').value = '';
  startApp(result.user.username);
});

// The core and the catalog of the language shown load before the first word, sign-in included.
await useCatalog(await loadCore());
const me = await currentUser().catch(() => null);
if (me) startApp(me.username);
else showSignIn();
