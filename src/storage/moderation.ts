import type { Kysely, Transaction } from 'kysely';
import type { RoomRole } from '../protocol/roles.js';
import { mutedUntilColumn } from './notifications.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RoomMembership {
  role: RoomRole;
  /** null when not silenced (or no longer); 'forever' or an ISO time otherwise. */
  silenced_until: string | null;
}

/** The user's role and mute in the room; undefined when not a member. */
export async function findMembership(db: Db, roomId: number, userId: number): Promise<RoomMembership | undefined> {
  return db
    .selectFrom('room_members')
    .select(['role', mutedUntilColumn('silenced_until').as('silenced_until')])
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function setRoomRole(db: Db, roomId: number, userId: number, role: RoomRole): Promise<void> {
  await db.updateTable('room_members').set({ role }).where('room_id', '=', roomId).where('user_id', '=', userId).execute();
}

/** until: an ISO time, 'forever', or null to lift the mute. */
export async function setSilenced(db: Db, roomId: number, userId: number, until: string | null): Promise<void> {
  const value = until === 'forever' ? 'infinity' : until;
  await db.updateTable('room_members').set({ silenced_until: value }).where('room_id', '=', roomId).where('user_id', '=', userId).execute();
}

/**
 * Every room the user belongs to, with until when they are silenced there (null when not; 'forever' or ISO):
 * what a sign-in loads, in one query, since each resume after a deploy pays for it.
 */
export interface JoinedRoom {
  roomId: number;
  silencedUntil: string | null;
}

export async function listJoinedRooms(db: Db, userId: number): Promise<JoinedRoom[]> {
  const rows = await db
    .selectFrom('room_members')
    .select(['room_id', mutedUntilColumn('silenced_until').as('until')])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((row) => ({ roomId: row.room_id, silencedUntil: row.until }));
}
