import type { RoomKind } from '../../protocol/rooms.js';
import { type MessageKey, t } from '../i18n/translate.js';

/** The glyph before a room's name: # public, a lock for private, people for a group DM. 1:1 DMs show an avatar instead. */
export function RoomIcon({ kind }: { kind: RoomKind }) {
  if (kind === 'public' || kind === 'dm') {
    return (
      <span class="room-icon" aria-hidden="true">
        #
      </span>
    );
  }
  return (
    <svg class="room-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      {kind === 'private' ? (
        <path
          fill="currentColor"
          d="M8 1.5a3.5 3.5 0 0 0-3.5 3.5v2H4a1 1 0 0 0-1 1v5.5a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V5A3.5 3.5 0 0 0 8 1.5Zm-2 3.5a2 2 0 1 1 4 0v2H6Z"
        />
      ) : (
        <path
          fill="currentColor"
          d="M5.5 2.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5Zm6 1a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM1 13c0-2.5 2-4.5 4.5-4.5S10 10.5 10 13v.5H1Zm10 .5V13c0-1.3-.4-2.5-1.2-3.5.5-.2 1.1-.3 1.7-.3 2 0 3.5 1.6 3.5 3.6v.7Z"
        />
      )}
    </svg>
  );
}

const KIND_KEYS: Record<RoomKind, MessageKey> = {
  public: 'room.kind.public',
  private: 'room.kind.private',
  dm: 'room.kind.dm',
  group: 'room.kind.group',
};

/** Words for screen readers and tooltips. */
export const roomKindLabel = (kind: RoomKind) => t(KIND_KEYS[kind]);

/** How a room is named in text: #name for rooms, the people for conversations. */
export const roomTitle = (room: { kind: RoomKind; name: string }) =>
  room.kind === 'public' || room.kind === 'private' ? `#${room.name}` : room.name;
