import { useState } from 'preact/hooks';
import type { ChatMessage } from '../../protocol/message.js';
import { sameDay } from '../format.js';
import { atEnd, visibleMessages } from '../history-store.js';
import { t } from '../i18n/translate.js';
import { countRender } from '../render-count.js';
import { findRoom } from '../rooms-store.js';
import { sameItems, useSelector, useSession } from '../use-chat.js';
import { useMessageWindow } from '../use-message-window.js';
import { DateSeparator } from './date-separator.js';
import { MessageItem } from './message-item.js';
import { NewMessagesAnnouncer } from './new-messages-announcer.js';
import { UnreadBar } from './unread-bar.js';

/** Consecutive messages of one author within this span (and on one day) share one header. */
const GROUP_MS = 5 * 60_000;
const NONE: ChatMessage[] = [];

/** One room's messages, oldest first: a window over what is loaded, paged in at the top (and at the bottom after a jump). */
export function MessageList({ roomId, title }: { roomId: number; title: string }) {
  countRender('MessageList');
  const session = useSession();
  const history = useSelector((state) => state.histories[roomId]);
  const pending = useSelector((state) => state.pending.filter((item) => item.room_id === roomId), sameItems);
  // Each field on its own: the reading position (seenSeq) changes on every scroll and is not shown here.
  const scroll = useSelector((state) => state.view.scroll);
  const divider = useSelector((state) => state.view.firstUnreadSeq);
  const unreadAtOpen = useSelector((state) => state.view.unreadAtOpen);
  const highlightSeq = useSelector((state) => state.view.highlightSeq);
  const atBottom = useSelector((state) => state.view.atBottom);
  const me = useSelector((state) => state.user);
  const unread = useSelector((state) => findRoom(state.rooms, roomId)?.unread ?? 0);
  const messages = history ? visibleMessages(history) : NONE;
  const loaded = history?.loaded ?? false;
  const newest = !history || atEnd(history);
  const [dividerSeen, setDividerSeen] = useState(false);
  const { list, onScroll, shown, following, atStart } = useMessageWindow({
    messages,
    pendingCount: pending.length,
    scroll,
    hasOlder: history?.hasMoreBefore ?? false,
    hasNewer: !newest,
    onLoadOlder: () => session.rooms.loadOlder(roomId),
    onLoadNewer: () => session.rooms.loadNewer(roomId),
    onSeen: (seq, atBottom) => session.rooms.seen(roomId, seq, atBottom),
    onDividerSeen: () => setDividerSeen(true),
  });
  // Our own unsent messages belong after the newest message, so they show only when it does (or, while the
  // room's first page has not come, alone: typed offline right after a reload, they must still be seen).
  const echoes = (newest || !loaded) && following ? pending : [];

  let previous: { userId: number; datetime: string } | undefined;
  const continues = (userId: number, datetime: string) => {
    const result =
      previous !== undefined &&
      previous.userId === userId &&
      sameDay(previous.datetime, datetime) &&
      Date.parse(datetime) - Date.parse(previous.datetime) < GROUP_MS;
    previous = { userId, datetime };
    return result;
  };

  return (
    <div class="message-pane">
      {divider !== null && !dividerSeen && (
        <UnreadBar count={unreadAtOpen} onJump={() => session.rooms.jumpToFirstUnread()} onDismiss={() => setDividerSeen(true)} />
      )}
      <ol
        class="messages"
        ref={list}
        onScroll={onScroll}
        aria-label={t('messages.label', { room: title })}
        aria-busy={history?.loading != null}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1).
        tabIndex={0}
      >
        {atStart && history?.hasMoreBefore && (
          <li class="messages-note">
            <button type="button" class="link" onClick={() => session.rooms.loadOlder(roomId)} disabled={history.loading === 'before'}>
              {history.loading === 'before' ? t('messages.loadingEarlier') : t('messages.loadEarlier')}
            </button>
          </li>
        )}
        {atStart && loaded && !history?.hasMoreBefore && <li class="messages-note">{t('messages.beginning', { room: title })}</li>}
        {!loaded && <li class="messages-note">{t('messages.loading')}</li>}
        {shown.map((message, index) => {
          const before = index === 0 ? undefined : shown[index - 1];
          const newDay = !before || !sameDay(before.datetime, message.datetime);
          const first = message.seq === divider;
          if (first || newDay) previous = undefined;
          return [
            newDay && <DateSeparator key={`d${message.seq}`} datetime={message.datetime} />,
            first && (
              <li key="divider" class="unread-divider" data-before={message.seq}>
                <span>{t('messages.newDivider')}</span>
              </li>
            ),
            <MessageItem
              key={`m${message.message_id}`}
              roomId={roomId}
              nickname={message.nickname}
              content={message.content}
              datetime={message.datetime}
              own={message.user_id === me?.user_id}
              compact={continues(message.user_id, message.datetime)}
              message={message}
              highlighted={message.seq === highlightSeq}
            />,
          ];
        })}
        {echoes.map((item) => (
          <MessageItem
            key={`p${item.client_id}`}
            roomId={roomId}
            nickname={me?.nickname ?? ''}
            content={item.content}
            own
            compact={continues(me?.user_id ?? 0, new Date().toISOString())}
            pending={item}
          />
        ))}
        {loaded && !newest && history?.loading === 'after' && <li class="messages-note">{t('messages.loadingNewer')}</li>}
      </ol>
      {loaded && (!newest || !atBottom) && history?.loading !== 'after' && (
        <button type="button" class="pill jump-latest" onClick={() => session.rooms.jumpToLatest(roomId)}>
          {unread > 0 ? t('messages.newBelow', { count: unread }) : t('messages.jumpToLatest')}
        </button>
      )}
      <NewMessagesAnnouncer roomId={roomId} />
    </div>
  );
}
