import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function listRoomIdsOfUser(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('room_members').select('room_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.room_id);
}
