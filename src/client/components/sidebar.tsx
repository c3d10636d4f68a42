import type { RoomSummary } from '../../protocol/rooms.js';
import { sidebarSections } from '../rooms-store.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { Avatar } from './avatar.js';
import type { OpenDialog } from './chat-dialogs.js';
import { RoomLink } from './room-link.js';

interface Props {
  state: ChatState;
  session: ChatSession;
  onDialog: (dialog: OpenDialog) => void;
}

/** The user's rooms and conversations, each with its unread badge; the section headers open the forms. */
export function Sidebar({ state, session, onDialog }: Props) {
  const me = state.user;
  if (!me) return null;
  const { direct, rooms } = sidebarSections(state.rooms);
  const online = (userId: number) => state.presence[userId] ?? false;
  const list = (items: RoomSummary[], empty: string) =>
    items.length === 0 ? (
      <p class="sidebar-empty">{state.roomsLoaded ? empty : 'Loading…'}</p>
    ) : (
      <ul>
        {items.map((room) => (
          <RoomLink
            key={room.room_id}
            room={room}
            meId={me.user_id}
            active={room.room_id === state.view.roomId}
            online={online}
            onOpen={() => session.rooms.open(room.room_id)}
          />
        ))}
      </ul>
    );

  return (
    <aside class="sidebar">
      <h1 class="brand">cerulean chalice</h1>
      <nav class="sidebar-nav" aria-label="Rooms and conversations">
        <section aria-labelledby="rooms-heading">
          <div class="sidebar-heading">
            <h3 id="rooms-heading">Rooms</h3>
            <button
              type="button"
              class="icon-button"
              aria-label="Browse rooms"
              title="Browse rooms"
              onClick={() => onDialog({ kind: 'browse' })}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path fill="currentColor" d="M7 2a5 5 0 0 1 4 8l3 3-1 1-3-3a5 5 0 1 1-3-9Zm0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7Z" />
              </svg>
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label="Create room"
              title="Create room"
              onClick={() => onDialog({ kind: 'create' })}
            >
              +
            </button>
          </div>
          {list(rooms, 'No rooms yet.')}
        </section>
        <section aria-labelledby="direct-heading">
          <div class="sidebar-heading">
            <h3 id="direct-heading">Direct messages</h3>
            <button
              type="button"
              class="icon-button"
              aria-label="New direct message"
              title="New direct message"
              onClick={() => onDialog({ kind: 'conversation' })}
            >
              +
            </button>
          </div>
          {list(direct, 'No conversations yet.')}
        </section>
      </nav>
      <footer class="me">
        <Avatar nickname={me.nickname} />
        <span class="me-name">{me.nickname}</span>
        <button type="button" class="link" disabled={state.signingOut} onClick={() => session.signOut()}>
          {state.signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </footer>
    </aside>
  );
}
