import { findRoom } from './rooms-store.js';
import type { ChatState } from './store.js';

/**
 * A person's nickname as this page knows it: me, the room's member list (when loaded), a DM's
 * members, or their newest message held in the room. Undefined for someone the page has not seen.
 */
export function nicknameOf(state: ChatState, roomId: number, userId: number): string | undefined {
  if (state.user?.user_id === userId) return state.user.nickname;
  const member =
    state.members[roomId]?.find((item) => item.user_id === userId) ??
    findRoom(state.rooms, roomId)?.members?.find((item) => item.user_id === userId);
  if (member) return member.nickname;
  return state.histories[roomId]?.messages.findLast((message) => message.user_id === userId)?.nickname;
}
