import { DEFAULT_ROOM_ID } from '../../protocol/message.js';
import { isMuted } from '../../protocol/notifications.js';
import { managesRoom } from '../../protocol/ranks.js';
import type { RoomSummary } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { standingOf } from '../moderation.js';
import { countRender } from '../render-count.js';
import { dmPartner, isDirect } from '../rooms-store.js';
import { useSelector } from '../use-chat.js';
import { useMembers } from '../use-members.js';
import type { OpenDialog } from './chat-dialogs.js';
import { ConnectionStatus } from './connection-status.js';
import { PresenceDot } from './presence-dot.js';
import { RoomIcon, roomKindLabel } from './room-icon.js';

interface Props {
  room: RoomSummary;
  meId: number;
  membersOpen: boolean;
  onToggleMembers: () => void;
  onDialog: (dialog: OpenDialog) => void;
  /** Phones: back to the room list. */
  onBack: () => void;
}

/** How many people are in the room: conversations list them in their summary; for rooms the member list is asked for. */
function useMemberCount(room: RoomSummary): number | null {
  const direct = isDirect(room);
  const members = useMembers(room.room_id, !direct);
  return direct ? (room.members?.length ?? null) : (members?.length ?? null);
}

/**
 * Name, topic and member count, and what one may do here: the owner and admins edit and archive (by the
 * server's rule, protocol/ranks.ts), members of a private room or group conversation invite (not while it
 * is archived), and anyone leaves a room that is neither the default room nor a DM.
 * On a phone the tools wrap under the name and a back button leads to the room list.
 */
export function RoomHeader({ room, meId, membersOpen, onToggleMembers, onDialog, onBack }: Props) {
  countRender('RoomHeader');
  const partner = dmPartner(room, meId);
  const count = useMemberCount(room);
  const canManage = useSelector((state) => {
    const me = standingOf(state, room.room_id, meId);
    return me !== null && managesRoom(me);
  });
  const canInvite = (room.kind === 'private' || room.kind === 'group') && !room.archived;
  const canLeave = room.room_id !== DEFAULT_ROOM_ID && room.kind !== 'dm';
  const roomId = room.room_id;
  const muted = isMuted(room.muted_until, Date.now());
  return (
    <header class="room-header">
      <button type="button" class="back-button" onClick={onBack} aria-label={t('room.back')}>
        <span aria-hidden="true">‹</span>
      </button>
      <div class="room-title">
        <h2 title={roomKindLabel(room.kind)}>
          {room.kind !== 'dm' && <RoomIcon kind={room.kind} />}
          {partner && <PresenceDot userId={partner.user_id} />}
          <span class="room-name">{room.name}</span>
          {room.archived && <span class="archived-label">{t('archive.label')}</span>}
        </h2>
        <p class="room-topic">
          {count !== null && <span class="room-count">{t('room.memberCount', { count })}</span>}
          {room.topic && <span class="room-topic-text">{room.topic}</span>}
        </p>
      </div>
      <div class="room-tools">
        <ConnectionStatus signedIn />
        <button type="button" class="tool search-button" aria-keyshortcuts="/" onClick={() => onDialog({ kind: 'search' })}>
          {t('search.open')}
        </button>
        <button type="button" class="tool" aria-pressed={membersOpen} onClick={onToggleMembers}>
          {t('members.title')}
        </button>
        <button
          type="button"
          class="tool notify-tool"
          data-muted={muted ? true : undefined}
          aria-label={muted ? t('notify.mutedAction') : t('notify.action')}
          title={muted ? t('notify.mutedAction') : t('notify.action')}
          onClick={() => onDialog({ kind: 'notify', roomId })}
        >
          <span aria-hidden="true">{muted ? '🔕' : '🔔'}</span>
        </button>
        {canInvite && (
          <button type="button" class="tool" onClick={() => onDialog({ kind: 'invite', roomId })}>
            {t('invite.action')}
          </button>
        )}
        {canManage && (
          <button type="button" class="tool" onClick={() => onDialog({ kind: 'edit', roomId })}>
            {t('edit.action')}
          </button>
        )}
        {canManage && (
          <button type="button" class="tool archive-tool" onClick={() => onDialog({ kind: 'archive', roomId })}>
            {room.archived ? t('unarchive.action') : t('archive.action')}
          </button>
        )}
        {canLeave && (
          <button type="button" class="tool" onClick={() => onDialog({ kind: 'leave', roomId })}>
            {t('leave.action')}
          </button>
        )}
      </div>
    </header>
  );
}
