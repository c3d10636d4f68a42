import { isMuted } from '../../protocol/notifications.js';
import type { RoomSummary } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { dmPartner } from '../rooms-store.js';
import { roomPath } from '../router.js';
import { Avatar } from './avatar.js';
import { PresenceDot } from './presence-dot.js';
import { RoomIcon, roomKindLabel } from './room-icon.js';

interface Props {
  room: RoomSummary;
  meId: number;
  active: boolean;
  onOpen: (roomId: number) => void;
}

/**
 * One sidebar entry (a link to the room's address): icon or the other person's avatar and presence, name,
 * last message, unread badge; an archived room is dimmed and labelled.
 */
export function RoomLink({ room, meId, active, onOpen }: Props) {
  const partner = dmPartner(room, meId);
  const last = room.last_message;
  const text = last?.deleted ? t('message.deleted') : last?.content;
  const preview = last ? t('sidebar.preview', { who: last.user_id === meId ? t('sidebar.you') : last.nickname, text: text ?? '' }) : '';
  const muted = isMuted(room.muted_until, Date.now());
  const classes = ['room-link', active && 'active', room.unread > 0 && 'unread', muted && 'muted', room.archived && 'archived']
    .filter(Boolean)
    .join(' ');
  return (
    <li>
      <a
        href={roomPath(room.room_id)}
        class={classes}
        aria-current={active ? 'page' : undefined}
        data-room-id={room.room_id}
        data-unread={room.unread}
        data-mentions={room.mention_count}
        data-level={room.notify_level}
        title={`${room.name} (${roomKindLabel(room.kind)})`}
        onClick={(event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onOpen(room.room_id);
        }}
      >
        <span class="room-link-icon">
          {partner ? (
            <>
              <Avatar nickname={partner.nickname} />
              <PresenceDot userId={partner.user_id} />
            </>
          ) : (
            <RoomIcon kind={room.kind} />
          )}
        </span>
        <span class="room-link-text">
          <span class="room-link-name">{room.name}</span>
          <span class="visually-hidden">, {roomKindLabel(room.kind)}</span>
          {room.archived && <span class="archived-label">{t('archive.label')}</span>}
          {muted && <span class="visually-hidden">, {t('notify.mutedLabel')}</span>}
          {preview && <span class="room-link-preview">{preview}</span>}
        </span>
        {muted && (
          <span class="muted-icon" aria-hidden="true" title={t('notify.mutedLabel')}>
            🔕
          </span>
        )}
        {room.mention_count > 0 && (
          <span class="badge mention-badge" data-mentions={room.mention_count}>
            <span aria-hidden="true">@</span>
            <span class="visually-hidden">{t('sidebar.mentions', { count: room.mention_count })}</span>
          </span>
        )}
        {room.unread > 0 && (
          <span class={muted ? 'badge quiet' : 'badge'}>
            <span aria-hidden="true">{room.unread > 99 ? '99+' : room.unread}</span>
            <span class="visually-hidden">{t('sidebar.unread', { count: room.unread })}</span>
          </span>
        )}
      </a>
    </li>
  );
}
