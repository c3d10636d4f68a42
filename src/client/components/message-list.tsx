import type { ChatMessage } from '../../protocol/message.js';
import { atEnd, type RoomHistory, visibleMessages } from '../history-store.js';
import type { PendingMessage, RoomView } from '../store.js';
import { useMessageScroll } from '../use-message-scroll.js';
import { MessageItem } from './message-item.js';
import { UnreadBar } from './unread-bar.js';

interface Props {
  roomName: string;
  history: RoomHistory | undefined;
  pending: PendingMessage[];
  me: { user_id: number; nickname: string };
  view: RoomView;
  /** The room's unread count: while scrolled up, the messages below not yet seen. */
  unread: number;
  onSeen: (seq: number, atBottom: boolean) => void;
  onLoadOlder: () => void;
  onLoadNewer: () => void;
  onJumpToFirstUnread: () => void;
  onJumpToLatest: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

/** Consecutive messages of one author within this span share one header. */
const GROUP_MS = 5 * 60_000;

/** One room's messages, oldest first, paged in at the top (and at the bottom after a jump). */
export function MessageList({ roomName, history, pending, me, view, unread, ...handlers }: Props) {
  const messages: ChatMessage[] = history ? visibleMessages(history) : [];
  const loaded = history?.loaded ?? false;
  const newest = !history || atEnd(history);
  // Our own unsent messages belong after the newest message, so they show only when it does.
  const echoes = newest ? pending : [];
  const { list, onScroll, dividerSeen, dismissDivider } = useMessageScroll({
    firstSeq: messages[0]?.seq,
    pendingCount: pending.length,
    scroll: view.scroll,
    onNearTop: handlers.onLoadOlder,
    onNearBottom: handlers.onLoadNewer,
    onSeen: handlers.onSeen,
  });

  let previous: { userId: number; at: number } | undefined;
  const continues = (userId: number, at: number) => {
    const result = previous !== undefined && previous.userId === userId && at - previous.at < GROUP_MS;
    previous = { userId, at };
    return result;
  };
  const divider = view.firstUnreadSeq;

  return (
    <div class="message-pane">
      {divider !== null && !dividerSeen && (
        <UnreadBar count={view.unreadAtOpen} onJump={handlers.onJumpToFirstUnread} onDismiss={dismissDivider} />
      )}
      <ol class="messages" ref={list} onScroll={onScroll} aria-label={`Messages in ${roomName}`} aria-busy={history?.loading !== null}>
        {history?.hasMoreBefore ? (
          <li class="messages-note">
            <button type="button" class="link" onClick={handlers.onLoadOlder} disabled={history.loading === 'before'}>
              {history.loading === 'before' ? 'Loading earlier messages…' : 'Load earlier messages'}
            </button>
          </li>
        ) : (
          loaded && <li class="messages-note">This is the very beginning of {roomName}.</li>
        )}
        {!loaded && <li class="messages-note">Loading messages…</li>}
        {messages.map((message) => {
          const own = message.user_id === me.user_id;
          const first = message.seq === divider;
          if (first) previous = undefined;
          return [
            first && (
              <li key="divider" class="unread-divider">
                <span>New messages</span>
              </li>
            ),
            <MessageItem
              key={`m${message.message_id}`}
              nickname={message.nickname}
              content={message.content}
              datetime={message.datetime}
              own={own}
              compact={continues(message.user_id, Date.parse(message.datetime))}
              messageId={message.message_id}
              seq={message.seq}
            />,
          ];
        })}
        {echoes.map((item) => (
          <MessageItem
            key={`p${item.client_id}`}
            nickname={me.nickname}
            content={item.content}
            own
            compact={continues(me.user_id, Date.now())}
            pending={item}
            onRetry={() => handlers.onRetry(item.client_id)}
            onDiscard={() => handlers.onDiscard(item.client_id)}
          />
        ))}
        {loaded && !newest && history?.loading === 'after' && <li class="messages-note">Loading newer messages…</li>}
      </ol>
      {loaded && (!newest || !view.atBottom) && history?.loading !== 'after' && (
        <button type="button" class="pill jump-latest" onClick={handlers.onJumpToLatest}>
          {unread > 0 ? `${unread} new ${unread === 1 ? 'message' : 'messages'} ↓` : 'Jump to latest messages ↓'}
        </button>
      )}
    </div>
  );
}
