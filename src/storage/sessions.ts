import type { Kysely, Transaction } from 'kysely';
import type { ServerRole } from '../protocol/roles.js';
import type { Database } from './schema.js';

export async function insertSession(db: Kysely<Database>, tokenHash: string, userId: number): Promise<void> {
  await db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId }).execute();
}

/** The session's user when the token is known, not revoked and used within `maxIdleMs`; marks it used. */
export async function useSession(
  db: Kysely<Database>,
  tokenHash: string,
  maxIdleMs: number,
): Promise<{ id: number; nickname: string; role: ServerRole } | undefined> {
  const cutoff = new Date(Date.now() - maxIdleMs);
  return db
    .updateTable('sessions as s')
    .from('users as u')
    .set({ last_used_at: new Date() })
    .whereRef('u.id', '=', 's.user_id')
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.last_used_at', '>', cutoff)
    .where('u.role', '<>', 'deactivated')
    .returning(['u.id', 'u.nickname', 'u.role'])
    .executeTakeFirst();
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
