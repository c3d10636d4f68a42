import { type Kysely, sql, type Transaction } from 'kysely';
import type { ServerRole } from '../protocol/roles.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserRow {
  id: number;
  nickname: string;
  password_hash: string;
  role: ServerRole;
}

export interface NewUser {
  nickname: string;
  nicknameKey: string;
  /** The confusables skeleton (domain/confusables.ts): unique like the key. */
  skeleton: string;
  passwordHash: string;
  /** Set by the admin CLI; otherwise the first account of a server is its admin and every later one a member. */
  role?: ServerRole;
}

const USER_COLUMNS = ['id', 'nickname', 'password_hash', 'role'] as const;

/**
 * Inserts the user and makes them a member of the default room; null when the nickname key or skeleton is
 * taken. The first account becomes admin: an empty table is checked again under a transaction-scoped
 * advisory lock, so two sign-ups racing on a fresh server cannot both see it empty.
 */
export async function insertUser(db: Kysely<Database>, user: NewUser, defaultRoomId: number): Promise<UserRow | null> {
  return db.transaction().execute(async (trx) => {
    let role = user.role;
    if (role === undefined && !(await anyUser(trx))) {
      await sql`select pg_advisory_xact_lock(hashtext('cerulean-chalice first admin'))`.execute(trx);
      role = (await anyUser(trx)) ? 'member' : 'admin';
    }
    const row = await trx
      .insertInto('users')
      .values({
        nickname: user.nickname,
        nickname_key: user.nicknameKey,
        nickname_skeleton: user.skeleton,
        password_hash: user.passwordHash,
        role: role ?? 'member',
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    if (!row) return null;
    await trx.insertInto('room_members').values({ room_id: defaultRoomId, user_id: row.id }).execute();
    return row;
  });
}

async function anyUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Whether the server has no account yet: its sign-up page says the first one becomes admin. */
export async function isEmptyServer(db: Db): Promise<boolean> {
  return !(await anyUser(db));
}

export async function findUserByNicknameKey(db: Db, nicknameKey: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('nickname_key', '=', nicknameKey).executeTakeFirst();
}

/** Locks the user's row for a role change in this transaction. */
export async function lockUser(trx: Transaction<Database>, userId: number): Promise<UserRow | undefined> {
  return trx.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).forUpdate().executeTakeFirst();
}

export async function findUser(db: Db, userId: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
}

export async function setUserRole(db: Db, userId: number, role: ServerRole): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether another account already has this skeleton (rename: `exceptUserId` is the renamer). */
export async function skeletonTaken(db: Db, skeleton: string, exceptUserId?: number): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where('nickname_skeleton', '=', skeleton);
  if (exceptUserId !== undefined) query = query.where('id', '<>', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface UserListRow {
  id: number;
  nickname: string;
  role: ServerRole;
  created_at: Date;
}

/** Accounts by id, optionally only one role or those whose nickname key contains `search` (already a key). */
export async function listUsers(
  db: Db,
  filter: { role?: ServerRole | undefined; search?: string | undefined; afterId?: number | undefined; limit: number },
): Promise<UserListRow[]> {
  let query = db.selectFrom('users').select(['id', 'nickname', 'role', 'created_at']).orderBy('id').limit(filter.limit);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.search) query = query.where(sql<boolean>`strpos(nickname_key, ${filter.search}) > 0`);
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

export async function findUsersByNicknameKeys(
  db: Kysely<Database>,
  keys: string[],
): Promise<Array<{ id: number; nickname: string; nickname_key: string }>> {
  if (keys.length === 0) return [];
  return db.selectFrom('users').select(['id', 'nickname', 'nickname_key']).where('nickname_key', 'in', keys).execute();
}

/** Accounts created before skeletons were stored, after `afterId`, in id order. */
export async function usersWithoutSkeleton(db: Db, afterId: number, limit: number): Promise<Array<{ id: number; nickname: string }>> {
  return db
    .selectFrom('users')
    .select(['id', 'nickname'])
    .where('nickname_skeleton', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Stores the skeleton unless another account has it already (then the older name keeps it; false). */
export async function setSkeleton(db: Db, userId: number, skeleton: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ nickname_skeleton: skeleton })
    .where('id', '=', userId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('users').select('id').where('nickname_skeleton', '=', skeleton))))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
