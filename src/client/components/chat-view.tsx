import { useCallback, useState } from 'preact/hooks';
import { findRoom } from '../rooms-store.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { ChatDialogs, type OpenDialog } from './chat-dialogs.js';
import { Composer } from './composer.js';
import { MembersPanel } from './members-panel.js';
import { MessageList } from './message-list.js';
import { RoomHeader } from './room-header.js';
import { Sidebar } from './sidebar.js';
import { TypingIndicator } from './typing-indicator.js';

const NOBODY: never[] = [];

export function ChatView({ state, session }: { state: ChatState; session: ChatSession }) {
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const closeDialog = useCallback(() => setDialog(null), []);
  const loadMembers = useCallback((roomId: number) => session.actions.loadMembers(roomId), [session]);
  const user = state.user;
  if (!user) return null;

  const roomId = state.view.roomId;
  const room = findRoom(state.rooms, roomId);
  const roomName = room ? (room.kind === 'public' || room.kind === 'private' ? `#${room.name}` : room.name) : '';
  const online = (userId: number) => state.presence[userId] ?? false;
  return (
    <div class="chat">
      <Sidebar state={state} session={session} onDialog={setDialog} />
      <main class="room">
        <RoomHeader
          room={room}
          meId={user.user_id}
          status={state.status}
          retryAt={state.retryAt}
          online={online}
          membersOpen={membersOpen}
          onToggleMembers={() => setMembersOpen((open) => !open)}
          onDialog={setDialog}
          onReconnect={() => session.reconnectNow()}
        />
        <div class={membersOpen && room ? 'room-body with-members' : 'room-body'}>
          <section class="conversation" aria-label={roomName || 'Conversation'}>
            <MessageList
              key={roomId}
              roomName={roomName}
              history={state.histories[roomId]}
              pending={state.pending.filter((pending) => pending.room_id === roomId)}
              me={user}
              view={state.view}
              unread={room?.unread ?? 0}
              onSeen={(seq, atBottom) => session.rooms.seen(roomId, seq, atBottom)}
              onLoadOlder={() => session.rooms.loadOlder(roomId)}
              onLoadNewer={() => session.rooms.loadNewer(roomId)}
              onJumpToFirstUnread={() => session.rooms.jumpToFirstUnread()}
              onJumpToLatest={() => session.rooms.jumpToLatest(roomId)}
              onRetry={(id) => session.outbox.retry(id)}
              onDiscard={(id) => session.outbox.discard(id)}
            />
            <TypingIndicator users={state.typing[roomId] ?? NOBODY} />
            <Composer
              key={roomId}
              roomId={roomId}
              drafts={session.drafts}
              placeholder={roomName ? `Message ${roomName}` : 'Message'}
              onSend={(text) => session.send(roomId, text)}
              onTyping={() => session.actions.typing(roomId)}
            />
          </section>
          {membersOpen && room && (
            <MembersPanel
              roomId={roomId}
              members={state.members[roomId]}
              signedIn={state.status === 'signed-in'}
              online={online}
              load={loadMembers}
            />
          )}
        </div>
      </main>
      {dialog && <ChatDialogs dialog={dialog} state={state} session={session} onClose={closeDialog} />}
    </div>
  );
}
