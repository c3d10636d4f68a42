import { useCallback, useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { countRender } from '../render-count.js';
import { findRoom } from '../rooms-store.js';
import { useSelector, useSession } from '../use-chat.js';
import { useShortcuts } from '../use-shortcuts.js';
import { ChatDialogs, type OpenDialog } from './chat-dialogs.js';
import { Composer } from './composer.js';
import { ConnectionStatus } from './connection-status.js';
import { MembersPanel } from './members-panel.js';
import { MessageList } from './message-list.js';
import { ReplyBar } from './reply-bar.js';
import { RoomHeader } from './room-header.js';
import { roomTitle } from './room-icon.js';
import { Sidebar } from './sidebar.js';
import { TypingIndicator } from './typing-indicator.js';

/**
 * The signed-in page: the sidebar and the open room side by side, or on a phone (CSS, ≤ 640 px) one
 * screen at a time: `data-screen` says which, and opening a room or Back moves between them.
 */
export function ChatView() {
  countRender('ChatView');
  const session = useSession();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const [screen, setScreen] = useState<'list' | 'room'>('room');
  const closeDialog = useCallback(() => setDialog(null), []);
  // The quick switcher's last option: the same words as a message search.
  const searchMessages = useCallback(
    (query: string) => {
      session.search.run(query, null);
      setDialog({ kind: 'search' });
    },
    [session],
  );
  const roomId = useSelector((state) => state.view.roomId);
  const room = useSelector((state) => findRoom(state.rooms, roomId));
  const meId = useSelector((state) => state.user?.user_id ?? 0);

  const openRoom = useCallback(
    (id: number) => {
      session.openRoom(id);
      setScreen('room');
    },
    [session],
  );
  const openMessage = useCallback(
    (id: number, seq: number) => {
      session.openMessage(id, seq);
      setScreen('room');
    },
    [session],
  );
  // Whatever opened a room (a link, the switcher, a created room, the address), a phone shows it.
  useEffect(() => setScreen('room'), [roomId]);
  useShortcuts({ dialogOpen: dialog !== null, openDialog: setDialog, openRoom });

  const title = room ? roomTitle(room) : '';
  return (
    <div class="chat" data-screen={screen}>
      <Sidebar onDialog={setDialog} onOpenRoom={openRoom} />
      <main class="room" aria-label={title || t('room.conversation')}>
        {room ? (
          <RoomHeader
            room={room}
            meId={meId}
            membersOpen={membersOpen}
            onToggleMembers={() => setMembersOpen((open) => !open)}
            onDialog={setDialog}
            onBack={() => setScreen('list')}
          />
        ) : (
          <header class="room-header">
            <ConnectionStatus signedIn />
          </header>
        )}
        <div class={membersOpen && room ? 'room-body with-members' : 'room-body'}>
          <section
            class="conversation"
            aria-label={title || t('room.conversation')}
            onDragOver={(event) => {
              if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
            }}
            onDrop={(event) => {
              const files = [...(event.dataTransfer?.files ?? [])];
              if (files.length === 0) return;
              event.preventDefault();
              session.uploads.add(roomId, files);
            }}
          >
            <MessageList key={roomId} roomId={roomId} title={title} />
            <TypingIndicator roomId={roomId} />
            {room?.archived ? (
              // Read-only: the server refuses every write here, so the page offers none (the draft stays kept).
              <p class="archived-notice" role="status">
                {t('archive.notice')}
              </p>
            ) : (
              <>
                <ReplyBar roomId={roomId} />
                <Composer
                  key={roomId}
                  roomId={roomId}
                  drafts={session.drafts}
                  placeholder={title ? t('composer.placeholderIn', { room: title }) : t('composer.placeholder')}
                  uploads={session.uploads}
                  onTyping={() => session.actions.typing(roomId)}
                  onEditLast={() => session.changes.editLast(roomId)}
                  onCancelReply={() => session.changes.cancelReply(roomId)}
                />
              </>
            )}
          </section>
          {membersOpen && room && <MembersPanel roomId={roomId} onClose={() => setMembersOpen(false)} />}
        </div>
      </main>
      {dialog && (
        <ChatDialogs dialog={dialog} onClose={closeDialog} onOpenRoom={openRoom} onOpenMessage={openMessage} onSearch={searchMessages} />
      )}
    </div>
  );
}
