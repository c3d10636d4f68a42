import type { MemberInfo } from '../../protocol/rooms.js';
import { shortDateTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { canMute, mutedUntil } from '../moderation.js';
import { useSelector, useSession } from '../use-chat.js';

/** A member's mute (shown to everyone who sees the list) and, for a moderator of higher rank, Mute or Unmute. */
export function MemberTools({ roomId, member, onMute }: { roomId: number; member: MemberInfo; onMute: () => void }) {
  const session = useSession();
  const until = useSelector((state) => mutedUntil(state, roomId, member.user_id));
  const moderates = useSelector((state) => canMute(state, roomId, member.user_id));
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
    </>
  );
}
