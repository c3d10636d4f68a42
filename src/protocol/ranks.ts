import type { RoomRole, ServerRole } from './roles.js';
import type { RoomKind } from './rooms.js';

/** Where someone stands in one room: what every moderation rule is decided from (the server's and the page's). */
export interface Standing {
  serverRole: ServerRole;
  /** undefined: not a member. */
  roomRole: RoomRole | undefined;
  roomKind: RoomKind;
}

const RANK: Record<RoomRole, number> = { member: 1, moderator: 2, owner: 3 };
export const MODERATOR_RANK = RANK.moderator;
export const OWNER_RANK = RANK.owner;

/**
 * How much power someone has in a room: 0 none, 1 member, 2 moderator, 3 owner. An admin acts as a
 * moderator in any room they can see (one they are in, or a public one). A DM has no moderators, not even
 * an admin: it is two people's conversation, and neither may silence the other.
 */
export function rankIn(standing: Standing): number {
  if (standing.serverRole === 'deactivated') return 0;
  const own = standing.roomRole === undefined ? 0 : RANK[standing.roomRole];
  if (standing.roomKind === 'dm') return Math.min(own, RANK.member);
  const sees = standing.roomRole !== undefined || standing.roomKind === 'public';
  return standing.serverRole === 'admin' && sees ? Math.max(own, RANK.moderator) : own;
}

/** A moderator acts only on someone of lower rank: moderators cannot mute each other, nobody acts on the owner. */
export function outranks(actor: Standing, target: Standing): boolean {
  return rankIn(actor) >= MODERATOR_RANK && rankIn(actor) > rankIn(target);
}

/**
 * Who may manage a room itself (name moderators, archive it, rename it, change its topic): its owner, or
 * an admin who can see it. Never a DM: it has no owner and no moderators.
 */
export function managesRoom(standing: Standing): boolean {
  if (standing.roomKind === 'dm') return false;
  return rankIn(standing) >= OWNER_RANK || (standing.serverRole === 'admin' && rankIn(standing) >= MODERATOR_RANK);
}
