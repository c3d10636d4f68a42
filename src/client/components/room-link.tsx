import type { RoomSummary } from '../../protocol/rooms.js';
import { dmPartner } from '../rooms-store.js';
import { Avatar } from './avatar.js';
import { PresenceDot } from './presence-dot.js';
import { ROOM_KIND_LABEL, RoomIcon } from './room-icon.js';

interface Props {
  room: RoomSummary;
  meId: number;
  active: boolean;
  online: (userId: number) => boolean;
  onOpen: () => void;
}

/** One sidebar entry: icon (or the other person's avatar and presence), name, last message, unread badge. */
export function RoomLink({ room, meId, active, online, onOpen }: Props) {
  const partner = dmPartner(room, meId);
  const last = room.last_message;
  const preview = last ? `${last.user_id === meId ? 'You' : last.nickname}: ${last.content}` : '';
  const classes = ['room-link', active && 'active', room.unread > 0 && 'unread'].filter(Boolean).join(' ');
  return (
    <li>
      <button
        type="button"
        class={classes}
        aria-current={active ? 'page' : undefined}
        data-room-id={room.room_id}
        data-unread={room.unread}
        title={`${room.name} (${ROOM_KIND_LABEL[room.kind]})`}
        onClick={onOpen}
      >
        <span class="room-link-icon">
          {partner ? (
            <>
              <Avatar nickname={partner.nickname} />
              <PresenceDot online={online(partner.user_id)} />
            </>
          ) : (
            <RoomIcon kind={room.kind} />
          )}
        </span>
        <span class="room-link-text">
          <span class="room-link-name">{room.name}</span>
          <span class="visually-hidden">, {ROOM_KIND_LABEL[room.kind]}</span>
          {preview && <span class="room-link-preview">{preview}</span>}
        </span>
        {room.unread > 0 && (
          <span class="badge">
            {room.unread > 99 ? '99+' : room.unread}
            <span class="visually-hidden"> unread</span>
          </span>
        )}
      </button>
    </li>
  );
}
