import { useEffect } from 'preact/hooks';
import type { MemberInfo } from '../../protocol/rooms.js';
import { Avatar } from './avatar.js';
import { PresenceDot } from './presence-dot.js';

interface Props {
  roomId: number;
  members: MemberInfo[] | undefined;
  signedIn: boolean;
  online: (userId: number) => boolean;
  load: (roomId: number) => void;
}

/**
 * Who is in the room, online first. The list (with roles) is asked for
 * whenever the panel opens, or the room or connection changes; from then on
 * `member` events add and remove people and `presence` events move the dots.
 */
export function MembersPanel({ roomId, members, signedIn, online, load }: Props) {
  useEffect(() => {
    if (signedIn) load(roomId);
  }, [roomId, signedIn, load]);

  const sorted = [...(members ?? [])].sort(
    (a, b) =>
      Number(online(b.user_id)) - Number(online(a.user_id)) || a.nickname.localeCompare(b.nickname, undefined, { sensitivity: 'base' }),
  );
  return (
    <aside class="members" aria-label="Members">
      <h3>Members{members ? ` (${members.length})` : ''}</h3>
      {members === undefined ? (
        <p class="hint">Loading…</p>
      ) : (
        <ul>
          {sorted.map((member) => (
            <li key={member.user_id} class="member" data-user-id={member.user_id}>
              <span class="member-avatar">
                <Avatar nickname={member.nickname} />
                <PresenceDot online={online(member.user_id)} />
              </span>
              <span class="member-name">{member.nickname}</span>
              {member.role === 'owner' && <span class="tag">owner</span>}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
