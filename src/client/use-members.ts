import { useEffect } from 'preact/hooks';
import type { MemberInfo } from '../protocol/rooms.js';
import { useSelector, useSession } from './use-chat.js';

/**
 * A room's member list, asked for when it is not held (first shown, or dropped on a reconnect);
 * `member` and `presence` events keep it current from then on. `wanted` false only reads.
 */
export function useMembers(roomId: number, wanted = true): MemberInfo[] | undefined {
  const session = useSession();
  const members = useSelector((state) => state.members[roomId]);
  const signedIn = useSelector((state) => state.status === 'signed-in');
  const missing = members === undefined;
  useEffect(() => {
    if (wanted && missing && signedIn) session.actions.loadMembers(roomId);
  }, [wanted, missing, signedIn, roomId, session]);
  return members;
}
