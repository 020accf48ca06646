// Desktop notifications for calls ringing in the page, once the user allowed them (Settings):
// clicking one brings the tab forward. The browser asks for the permission only on a click.

/** 'granted', 'denied', 'default' (not asked yet) or 'unsupported'. */
export function notificationPermission() {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser; call from a click. Resolves to the permission as it then stands. */
export async function askNotificationPermission() {
  if (notificationPermission() !== 'default') return notificationPermission();
  return Notification.requestPermission();
}

/** Shows the ringing call; returns what closes it (nothing to close without the permission). */
export function notifyRinging({ title, body, tag }) {
  if (notificationPermission() !== 'granted') return () => {};
  const notice = new Notification(title, { body, tag, icon: '/favicon-ringing.svg', requireInteraction: true });
  notice.onclick = () => {
    window.focus();
    notice.close();
  };
  return () => notice.close();
}
