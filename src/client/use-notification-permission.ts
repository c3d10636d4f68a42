import { useCallback, useState } from 'preact/hooks';
import { notificationPermission } from './desktop-notifier.js';

/**
 * The Notification permission, and a way to ask for it. Browsers grant the prompt only from a user
 * gesture, so `ask` belongs in a click handler; nothing asks on load.
 */
export function useNotificationPermission(): [NotificationPermission | 'unsupported', () => Promise<void>] {
  const [permission, setPermission] = useState(notificationPermission());
  const ask = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    setPermission(await Notification.requestPermission());
  }, []);
  return [permission, ask];
}
