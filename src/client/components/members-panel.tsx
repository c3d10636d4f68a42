import { useState } from 'preact/hooks';
import type { MemberInfo } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { useSelector } from '../use-chat.js';
import { useMembers } from '../use-members.js';
import { Avatar } from './avatar.js';
import { MemberTools } from './member-tools.js';
import { MuteDialog } from './mute-dialog.js';
import { PresenceDot } from './presence-dot.js';

/**
 * Who is in the room, online first. The list (with roles and moderators' mutes) is asked for when first
 * shown (the header of a room asks already, for its count) and again after a reconnect; `member` events
 * add and remove people, `presence` events move the dots and `moderated` ones change mutes and roles.
 * A moderator gets Mute / Unmute beside those of lower rank.
 */
export function MembersPanel({ roomId, onClose }: { roomId: number; onClose: () => void }) {
  const members = useMembers(roomId);
  const presence = useSelector((state) => state.presence);
  const [muting, setMuting] = useState<MemberInfo | null>(null);
  const online = (userId: number) => presence[userId] ?? false;
  const sorted = [...(members ?? [])].sort(
    (a, b) =>
      Number(online(b.user_id)) - Number(online(a.user_id)) || a.nickname.localeCompare(b.nickname, undefined, { sensitivity: 'base' }),
  );
  return (
    <aside class="members" aria-label={t('members.title')}>
      <div class="members-heading">
        <h3>{members ? t('members.heading', { count: members.length }) : t('members.title')}</h3>
        <button type="button" class="icon-button members-close" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </div>
      {members === undefined ? (
        <p class="hint">{t('common.loading')}</p>
      ) : (
        <ul>
          {sorted.map((member) => (
            <li key={member.user_id} class="member" data-user-id={member.user_id}>
              <span class="member-avatar">
                <Avatar nickname={member.nickname} />
                <PresenceDot userId={member.user_id} />
              </span>
              <span class="member-name">{member.nickname}</span>
              {member.role === 'owner' && <span class="tag">{t('members.owner')}</span>}
              {member.role === 'moderator' && <span class="tag">{t('members.moderator')}</span>}
              {member.deactivated && <span class="tag">{t('members.deactivated')}</span>}
              <MemberTools roomId={roomId} member={member} onMute={() => setMuting(member)} />
            </li>
          ))}
        </ul>
      )}
      {muting && <MuteDialog roomId={roomId} user={muting} onClose={() => setMuting(null)} />}
    </aside>
  );
}
