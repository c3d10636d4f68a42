import { MODERATOR_RANK, managesRoom, outranks, rankIn, type Standing } from '../protocol/ranks.js';
import type { MemberInfo } from '../protocol/rooms.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import { findRoom } from './rooms-store.js';
import type { ChatState } from './store.js';

/**
 * What this page may do to others in a room, by the server's own rank rule (protocol/ranks.ts): room roles
 * come from the member list (the room header asks for it; before it arrives the owner is known from the room),
 * the page's server role from `authorize` and `user_updated`. The server decides again; this only chooses
 * which actions to offer.
 */
export function standingOf(state: ChatState, roomId: number, userId: number): Standing | null {
  const room = findRoom(state.rooms, roomId);
  if (!room) return null;
  const member = state.members[roomId]?.find((item) => item.user_id === userId);
  const roomRole = member?.role ?? (room.owner_id === userId ? 'owner' : 'member');
  const me = userId === state.user?.user_id;
  // Another person's server role is unknown here except deactivation; an admin's own moderator rank is theirs.
  const serverRole = me ? (state.serverRole ?? 'member') : member?.deactivated ? 'deactivated' : 'member';
  return { serverRole, roomRole, roomKind: room.kind };
}

/** What the ⋯ menu of someone else's message offers beyond the ordinary: delete it, and mute its author. */
export type Power = 'none' | 'delete' | 'delete-mute';

export function powerOver(state: ChatState, roomId: number, authorId: number): Power {
  const me = state.user && standingOf(state, roomId, state.user.user_id);
  if (!me || rankIn(me) < MODERATOR_RANK) return 'none';
  return canMute(state, roomId, authorId) ? 'delete-mute' : 'delete';
}

/** My standing and another member's in a room, for an action on them; null for myself or a room I cannot see. */
function standingsFor(state: ChatState, roomId: number, userId: number): { me: Standing; them: Standing } | null {
  if (!state.user || userId === state.user.user_id) return null;
  const me = standingOf(state, roomId, state.user.user_id);
  const them = standingOf(state, roomId, userId);
  return me && them ? { me, them } : null;
}

/** Moderators mute those of lower rank, never in a DM (the rank rule says so) and never themselves. */
export function canMute(state: ChatState, roomId: number, userId: number): boolean {
  const standings = standingsFor(state, roomId, userId);
  return standings !== null && outranks(standings.me, standings.them);
}

/** The room's owner (or an admin who can see it) names moderators among the other members; the owner stays owner. */
export function canNameModerator(state: ChatState, roomId: number, userId: number): boolean {
  const standings = standingsFor(state, roomId, userId);
  if (!standings) return false;
  const { me, them } = standings;
  return managesRoom(me) && them.roomRole !== 'owner' && them.serverRole !== 'deactivated';
}

/** Until when a moderator muted this member here (ISO or "forever"), if the member list says so and it still holds. */
export function mutedUntil(state: ChatState, roomId: number, userId: number, now = Date.now()): string | undefined {
  const until = state.members[roomId]?.find((item) => item.user_id === userId)?.muted_until;
  if (until === undefined || (until !== 'forever' && Date.parse(until) <= now)) return undefined;
  return until;
}

/** A `moderated` frame (my own action's answer, or what was done to me) applied to a held member list. */
export function applyModerated(members: MemberInfo[], change: ServerPayloads['moderated']): MemberInfo[] {
  if (change.user_id === undefined) return members;
  const update = (member: MemberInfo): MemberInfo => {
    if (change.action === 'set_room_role' && change.role) return { ...member, role: change.role };
    if (change.action === 'mute' && change.until) return { ...member, muted_until: change.until };
    if (change.action === 'unmute') {
      const { muted_until: _lifted, ...rest } = member;
      return rest;
    }
    return member;
  };
  return members.map((member) => (member.user_id === change.user_id ? update(member) : member));
}
