import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface UserRow {
  id: number;
  nickname: string;
  password_hash: string;
}

export interface NewUser {
  nickname: string;
  nicknameKey: string;
  passwordHash: string;
}

/** Inserts the user and makes them a member of the default room; null when the nickname key is taken. */
export async function insertUser(db: Kysely<Database>, user: NewUser, defaultRoomId: number): Promise<UserRow | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ nickname: user.nickname, nickname_key: user.nicknameKey, password_hash: user.passwordHash })
      .onConflict((conflict) => conflict.column('nickname_key').doNothing())
      .returning(['id', 'nickname', 'password_hash'])
      .executeTakeFirst();
    if (!row) return null;
    await trx.insertInto('room_members').values({ room_id: defaultRoomId, user_id: row.id }).execute();
    return row;
  });
}

export async function findUserByNicknameKey(db: Kysely<Database>, nicknameKey: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(['id', 'nickname', 'password_hash']).where('nickname_key', '=', nicknameKey).executeTakeFirst();
}

export async function findUsersByNicknameKeys(
  db: Kysely<Database>,
  keys: string[],
): Promise<Array<{ id: number; nickname: string; nickname_key: string }>> {
  if (keys.length === 0) return [];
  return db.selectFrom('users').select(['id', 'nickname', 'nickname_key']).where('nickname_key', 'in', keys).execute();
}
