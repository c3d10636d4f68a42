import { DEFAULT_ROOM_ID } from '../../protocol/message.js';
import type { RoomSummary } from '../../protocol/rooms.js';
import { dmPartner } from '../rooms-store.js';
import type { ConnectionStatus } from '../store.js';
import type { OpenDialog } from './chat-dialogs.js';
import { PresenceDot } from './presence-dot.js';
import { ROOM_KIND_LABEL, RoomIcon } from './room-icon.js';
import { StatusIndicator } from './status-indicator.js';

interface Props {
  room: RoomSummary | undefined;
  meId: number;
  status: ConnectionStatus;
  retryAt: number | null;
  online: (userId: number) => boolean;
  membersOpen: boolean;
  onToggleMembers: () => void;
  onDialog: (dialog: OpenDialog) => void;
  onReconnect: () => void;
}

/**
 * Name and topic, and what one may do here: the owner edits, members of a
 * private room or group conversation invite, and anyone leaves a room that
 * is neither the default room nor a DM.
 */
export function RoomHeader({ room, meId, status, retryAt, online, membersOpen, onToggleMembers, onDialog, onReconnect }: Props) {
  const partner = room && dmPartner(room, meId);
  const canEdit = room !== undefined && room.owner_id === meId;
  const canInvite = room?.kind === 'private' || room?.kind === 'group';
  const canLeave = room !== undefined && room.room_id !== DEFAULT_ROOM_ID && room.kind !== 'dm';
  const roomId = room?.room_id;
  return (
    <header class="room-header">
      <div class="room-title">
        <h2 title={room ? ROOM_KIND_LABEL[room.kind] : undefined}>
          {room && room.kind !== 'dm' && <RoomIcon kind={room.kind} />}
          {partner && <PresenceDot online={online(partner.user_id)} />}
          <span class="room-name">{room?.name ?? ''}</span>
        </h2>
        {room?.topic && <p class="room-topic">{room.topic}</p>}
      </div>
      <div class="room-tools">
        <StatusIndicator status={status} retryAt={retryAt} signedIn onReconnect={onReconnect} />
        {room && (
          <button type="button" class="tool" aria-pressed={membersOpen} onClick={onToggleMembers}>
            Members
          </button>
        )}
        {canInvite && (
          <button type="button" class="tool" onClick={() => onDialog({ kind: 'invite', roomId })}>
            Invite
          </button>
        )}
        {canEdit && (
          <button type="button" class="tool" onClick={() => onDialog({ kind: 'edit', roomId })}>
            Edit
          </button>
        )}
        {canLeave && (
          <button type="button" class="tool" onClick={() => onDialog({ kind: 'leave', roomId })}>
            Leave
          </button>
        )}
      </div>
    </header>
  );
}
