import type { Kysely, Transaction } from 'kysely';
import { findMembership } from '../storage/moderation.js';
import { findRoom, type RoomRow } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import { findUser } from '../storage/users.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import type { Standing } from './permissions.js';
import { accessRoom } from './room-access.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Where a user stands in a room, read from the database (inside the action's transaction): the server
 * role too, so an admin demoted a moment ago on another process has no admin power left here.
 */
export async function standingIn(db: Db, userId: number, room: RoomRow): Promise<Standing & { silencedUntil: string | null }> {
  const user = await findUser(db, userId);
  const membership = await findMembership(db, room.id, userId);
  return {
    serverRole: user?.role ?? 'deactivated',
    roomRole: membership?.role,
    roomKind: room.kind,
    silencedUntil: membership?.silenced_until ?? null,
  };
}

/**
 * The room, for a moderation request: a member passes as in `accessRoom`; so does an admin for a public
 * room they have not joined. Anyone else gets `accessRoom`'s refusal.
 */
export async function accessRoomToModerate(db: Db, actor: Actor, roomId: number): Promise<RoomRow> {
  if (actor.rooms.has(roomId)) return accessRoom(db as Kysely<Database>, actor, roomId);
  const room = await findRoom(db, roomId);
  if (room?.kind === 'public' && (await findUser(db, actor.userId))?.role === 'admin') return room;
  return accessRoom(db as Kysely<Database>, actor, roomId);
}

export const forbidden = (why: string) => new DomainError('forbidden', why);
