import type { Kysely } from 'kysely';
import { ROOM_ARCHIVED_MESSAGE } from '../protocol/rooms.js';
import { findRoom, type RoomRow } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';

/**
 * The one gate in front of every room operation (Zulip's `access*`): a
 * member passes; a non-member of a public room is `forbidden` (it exists,
 * but join first); a non-member of anything else gets `not_found`, exactly
 * as for a room that does not exist, so private rooms cannot be probed.
 */
export async function accessRoom(db: Kysely<Database>, actor: Actor, roomId: number): Promise<RoomRow> {
  const room = await findRoom(db, roomId);
  if (room && actor.rooms.has(roomId)) return room;
  if (room?.kind === 'public') throw new DomainError('forbidden', 'join the room first');
  throw new DomainError('not_found', 'no such room');
}

/** A write to an archived room (other than a moderator's delete) is refused; reading and leaving are not. */
export function requireWritable(room: RoomRow): void {
  if (room.archived_at !== null) throw new DomainError('forbidden', ROOM_ARCHIVED_MESSAGE);
}

/** The hot-path form: a member passes without a query; only a refusal pays for the lookup. */
export async function requireMember(db: Kysely<Database>, actor: Actor, roomId: number): Promise<void> {
  if (!actor.rooms.has(roomId)) await accessRoom(db, actor, roomId);
}
