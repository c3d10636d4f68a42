import type { ChatMessage } from '../protocol/message.js';
import { mentionsUser, notificationBody, shouldNotify } from '../protocol/notifications.js';
import type { RoomSummary } from '../protocol/rooms.js';
import { t } from './i18n/translate.js';
import { inOneTab } from './one-tab.js';
import { findRoom } from './rooms-store.js';
import { messagePath } from './router.js';
import type { Store } from './store.js';

/** A tab nobody looks at waits this long before claiming a message, so a tab in front claims it first. */
const BACKGROUND_DELAY_MS = 250;
export const NOTIFICATION_ICON = '/icons/icon-192.png';

/** Whether this browser can show notifications, and whether the person allowed it. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function notificationTitle(message: ChatMessage, room: RoomSummary): string {
  return room.kind === 'dm' ? message.nickname : t('notification.title', { who: message.nickname, room: room.name });
}

/**
 * Desktop notifications from the open page: a new message that the person's level for its room lets
 * interrupt (shouldNotify, the rule Web Push follows too), while no tab of theirs is looked at. All
 * their tabs get the same live frames; one of them takes each message (inOneTab), and a tab in front
 * takes it without showing anything. A click focuses the tab and opens the room at the message.
 */
export class DesktopNotifier {
  constructor(
    private readonly store: Store,
    private readonly open: (roomId: number, seq: number) => void,
  ) {}

  /** Live messages, before the store takes them: a message is new if its seq is past the room's newest. */
  offer(messages: ChatMessage[]): void {
    const state = this.store.get();
    const me = state.user?.user_id;
    if (me === undefined || notificationPermission() !== 'granted') return;
    for (const message of messages) {
      const room = findRoom(state.rooms, message.room_id);
      if (!room || message.deleted || message.seq <= room.last_seq) continue;
      const notify = shouldNotify({
        roomKind: room.kind,
        level: room.notify_level,
        mutedUntil: room.muted_until,
        mentioned: mentionsUser(message, me),
        own: message.user_id === me,
      });
      if (notify) this.claim(message, room);
    }
  }

  private claim(message: ChatMessage, room: RoomSummary): void {
    const take = () =>
      inOneTab(`cerulean-chalice:notify:${message.message_id}`, () => {
        if (!this.store.get().focused) this.show(message, room);
      });
    if (this.store.get().focused) take();
    else setTimeout(take, BACKGROUND_DELAY_MS);
  }

  private show(message: ChatMessage, room: RoomSummary): void {
    try {
      const notification = new Notification(notificationTitle(message, room), {
        body: notificationBody(message.content),
        // The same tag as a copy from another tab or a push: the newest replaces, never a pile.
        tag: `message-${message.message_id}`,
        icon: NOTIFICATION_ICON,
        data: { url: messagePath(message.room_id, message.seq) },
      });
      notification.onclick = () => {
        window.focus();
        notification.close();
        this.open(message.room_id, message.seq);
      };
    } catch {
      // Android Chrome allows notifications only from a service worker; the push covers it there.
    }
  }
}
