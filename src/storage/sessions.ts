import { type Kysely, sql, type Transaction } from 'kysely';
import type { ServerRole } from '../protocol/roles.js';
import type { JoinedRoom } from './moderation.js';
import { mutedUntilColumn } from './notifications.js';
import { runPrepared } from './prepared-statements.js';
import type { Database } from './schema.js';

export async function insertSession(db: Kysely<Database>, tokenHash: string, userId: number): Promise<void> {
  await db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId }).execute();
}

/**
 * The session's user, when it was last used, and the user's rooms with their mutes (what a sign-in loads, see
 * listJoinedRooms), when the token is known, not revoked and used within `maxIdleMs`. One query: after a deploy
 * every client resumes at once, and each round trip per resume counts.
 */
export async function findSession(
  db: Kysely<Database>,
  tokenHash: string,
  maxIdleMs: number,
): Promise<{ id: number; nickname: string; role: ServerRole; lastUsedAt: Date; joinedRooms: JoinedRoom[] } | undefined> {
  const cutoff = new Date(Date.now() - maxIdleMs);
  const joinedRooms = sql<Array<[number, string | null]>>`coalesce((
    select json_agg(json_build_array(rm.room_id, ${mutedUntilColumn('rm.silenced_until')}))
    from room_members rm where rm.user_id = u.id), '[]'::json)`;
  const query = db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.nickname', 'u.role', 's.last_used_at as lastUsedAt', joinedRooms.as('joinedRooms')])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.last_used_at', '>', cutoff)
    .where('u.role', '<>', 'deactivated');
  const [row] = await runPrepared(db, 'find_session', query);
  if (!row) return undefined;
  return { ...row, joinedRooms: row.joinedRooms.map(([roomId, silencedUntil]) => ({ roomId: Number(roomId), silencedUntil })) };
}

/** Marks live sessions used now: one statement for any number of them. */
export async function touchSessions(db: Kysely<Database>, tokenHashes: readonly string[]): Promise<void> {
  if (tokenHashes.length === 0) return;
  await db
    .updateTable('sessions')
    .set({ last_used_at: new Date() })
    .where('token_hash', 'in', tokenHashes)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes a live session; returns its user, or undefined when there was no such live session. */
export async function revokeSession(db: Kysely<Database>, tokenHash: string): Promise<number | undefined> {
  const row = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Revokes every live session of the user (deactivation, password reset); returns their ids. */
export async function revokeUserSessions(db: Kysely<Database> | Transaction<Database>, userId: number): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('token_hash')
    .execute();
  return rows.map((row) => row.token_hash);
}
