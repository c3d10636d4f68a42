import { type Kysely, sql, type Transaction } from 'kysely';
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

/** The rooms where the user is silenced now, with until when ('forever' or ISO): loaded at sign-in. */
export async function listSilences(db: Db, userId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('room_members')
    .select(['room_id', mutedUntilColumn('silenced_until').as('until')])
    .where('user_id', '=', userId)
    .where('silenced_until', '>', sql<Date>`now()`)
    .execute();
  return new Map(rows.flatMap((row) => (row.until === null ? [] : [[row.room_id, row.until] as [number, string]])));
}
