import type { MemberInfo } from '../../protocol/rooms.js';
import { shortDateTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { canMute, canNameModerator, mutedUntil } from '../moderation.js';
import { useSelector, useSession } from '../use-chat.js';

/**
 * A member's mute (shown to everyone who sees the list); for a moderator of higher rank, Mute or Unmute; for the
 * room's owner (or an admin), Make moderator or Remove moderator.
 */
export function MemberTools({ roomId, member, onMute }: { roomId: number; member: MemberInfo; onMute: () => void }) {
  const session = useSession();
  const until = useSelector((state) => mutedUntil(state, roomId, member.user_id));
  const moderates = useSelector((state) => canMute(state, roomId, member.user_id));
  const names = useSelector((state) => canNameModerator(state, roomId, member.user_id));
  const promoted = member.role === 'moderator';
  return (
    <>
      {until !== undefined && (
        <span class="tag muted-tag">
          {until === 'forever' ? t('members.mutedForever') : t('members.mutedUntil', { time: shortDateTime(until) })}
        </span>
      )}
      {moderates && (
        <button
          type="button"
          class="link member-tool"
          aria-label={t(until === undefined ? 'members.mute' : 'members.unmute', { name: member.nickname })}
          onClick={until === undefined ? onMute : () => session.moderation.unmute(roomId, member.user_id)}
        >
          {until === undefined ? t('mute.action') : t('members.unmuteAction')}
        </button>
      )}
      {names && (
        <button
          type="button"
          class="link member-tool"
          aria-label={t(promoted ? 'members.demote' : 'members.promote', { name: member.nickname })}
          onClick={() => session.moderation.setRoomRole(roomId, member.user_id, promoted ? 'member' : 'moderator')}
        >
          {promoted ? t('members.demoteAction') : t('members.promoteAction')}
        </button>
      )}
    </>
  );
}
