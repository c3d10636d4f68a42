import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatMessage } from '../../protocol/message.js';
import type { PendingMessage } from '../store.js';
import { MessageItem } from './message-item.js';

interface Props {
  messages: ChatMessage[];
  pending: PendingMessage[];
  me: { user_id: number; nickname: string };
  hasMore: boolean;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

/** Within this distance of the end, the reader counts as "at the bottom" and is kept there. */
const STICKY_PX = 48;
/** Consecutive messages of one author within this span share one header. */
const GROUP_MS = 5 * 60_000;

export function MessageList({ messages, pending, me, hasMore, onRetry, onDiscard }: Props) {
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const pendingCount = useRef(0);

  const onScroll = () => {
    const element = list.current;
    if (element) atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_PX;
  };

  useLayoutEffect(() => {
    const element = list.current;
    // Follow new messages only if the reader was already at the end, or has just sent one.
    const justSent = pending.length > pendingCount.current;
    pendingCount.current = pending.length;
    if (element && (atBottom.current || justSent)) {
      element.scrollTop = element.scrollHeight;
      atBottom.current = true;
    }
  }, [messages, pending]);

  let previous: { userId: number; at: number } | undefined;
  const continues = (userId: number, at: number) => {
    const result = previous !== undefined && previous.userId === userId && at - previous.at < GROUP_MS;
    previous = { userId, at };
    return result;
  };

  return (
    <ol class="messages" ref={list} onScroll={onScroll} aria-label="Messages" aria-live="polite">
      {hasMore && <li class="messages-note">Earlier messages are not shown.</li>}
      {messages.length === 0 && pending.length === 0 && <li class="messages-note">No messages yet. Say hello!</li>}
      {messages.map((message) => (
        <MessageItem
          key={`m${message.message_id}`}
          nickname={message.nickname}
          content={message.content}
          datetime={message.datetime}
          own={message.user_id === me.user_id}
          compact={continues(message.user_id, Date.parse(message.datetime))}
          messageId={message.message_id}
        />
      ))}
      {pending.map((item) => (
        <MessageItem
          key={`p${item.client_id}`}
          nickname={me.nickname}
          content={item.content}
          own
          compact={continues(me.user_id, Date.now())}
          pending={item}
          onRetry={() => onRetry(item.client_id)}
          onDiscard={() => onDiscard(item.client_id)}
        />
      ))}
    </ol>
  );
}
