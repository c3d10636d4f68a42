import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../../protocol/message.js';
import { t } from '../i18n/translate.js';
import { useSelector } from '../use-chat.js';

const KEEP = 3;
const NONE: ChatMessage[] = [];

/**
 * For screen readers: new messages from others in the open room, read out politely as they arrive.
 * The visible list cannot be the live region itself: it is a window that adds and removes messages
 * as the reader scrolls, and each of those would be announced. Typing notices are never announced.
 */
export function NewMessagesAnnouncer({ roomId }: { roomId: number }) {
  const messages = useSelector((state) => state.histories[roomId]?.messages ?? NONE);
  const loaded = useSelector((state) => state.histories[roomId]?.loaded ?? false);
  const me = useSelector((state) => state.user?.user_id);
  const newestSeen = useRef<number | null>(null);
  const [said, setSaid] = useState<ChatMessage[]>([]);

  useEffect(() => {
    if (!loaded) return;
    const newest = messages.at(-1)?.seq ?? 0;
    // What the room held when it opened is history, not news.
    if (newestSeen.current === null) {
      newestSeen.current = newest;
      return;
    }
    const arrived = messages.filter((message) => message.seq > (newestSeen.current ?? 0) && message.user_id !== me);
    newestSeen.current = Math.max(newestSeen.current, newest);
    if (arrived.length > 0) setSaid((old) => [...old, ...arrived].slice(-KEEP));
  }, [messages, loaded, me]);

  return (
    <div class="visually-hidden" role="log" aria-live="polite" aria-label={t('messages.announcements')}>
      {said
        // A message deleted since it was read out leaves nothing of its text behind.
        .filter((message) => !messages.some((held) => held.message_id === message.message_id && held.deleted))
        .map((message) => (
          <p key={message.message_id}>{t('messages.announce', { who: message.nickname, text: message.content })}</p>
        ))}
    </div>
  );
}
