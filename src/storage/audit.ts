import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One audited action; written with the same transaction (`db`) as the action itself. */
export interface AuditRecord {
  actorId: number | null;
  action: string;
  targetUserId?: number | null;
  targetRoomId?: number | null;
  targetMessageId?: number | null;
  oldValue?: string | null;
  newValue?: string | null;
  address?: string | null;
}

export async function insertAudit(db: Db, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: record.actorId,
      action: record.action,
      target_user_id: record.targetUserId ?? null,
      target_room_id: record.targetRoomId ?? null,
      target_message_id: record.targetMessageId ?? null,
      old_value: record.oldValue ?? null,
      new_value: record.newValue ?? null,
      address: record.address ?? null,
    })
    .execute();
}

/**
 * A failed sign-in joins the burst of failures for the same nickname from the same address when the
 * burst's last failure is recent; otherwise it starts a new row. A guesser costs one row per burst, not
 * one per guess. `nickname` is the key that was tried (known account or not); the user id when it exists.
 */
export async function recordSigninFailure(
  db: Kysely<Database>,
  failure: { userId: number | null; nickname: string; address: string; burstGapMs: number },
): Promise<void> {
  const since = new Date(Date.now() - failure.burstGapMs);
  const updated = await db
    .updateTable('audit_log')
    .set((eb) => ({ count: eb('count', '+', 1), last_at: sql`now()` }))
    .where('action', '=', 'signin_failed')
    .where('new_value', '=', failure.nickname)
    .where('address', '=', failure.address)
    .where('last_at', '>', since)
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) return;
  await insertAudit(db, {
    actorId: null,
    action: 'signin_failed',
    targetUserId: failure.userId,
    newValue: failure.nickname,
    address: failure.address,
  });
}

export interface AuditFilter {
  userId?: number | undefined;
  roomId?: number | undefined;
  action?: string | undefined;
  since?: Date | undefined;
  /** Paging backwards: entries older (smaller id) than this. */
  beforeId?: number | undefined;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  last_at: Date;
  actor_id: number | null;
  actor_nickname: string | null;
  action: string;
  target_user_id: number | null;
  target_nickname: string | null;
  target_room_id: number | null;
  target_message_id: number | null;
  old_value: string | null;
  new_value: string | null;
  address: string | null;
  count: number;
}

/** Newest first. A user filter matches the entries they did and those done to them. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as target', 'target.id', 'a.target_user_id')
    .select([
      'a.id',
      'a.at',
      'a.last_at',
      'a.actor_id',
      'actor.nickname as actor_nickname',
      'a.action',
      'a.target_user_id',
      'target.nickname as target_nickname',
      'a.target_room_id',
      'a.target_message_id',
      'a.old_value',
      'a.new_value',
      'a.address',
      'a.count',
    ])
    .orderBy('a.id', 'desc')
    .limit(filter.limit);
  const { userId, roomId, action, since, beforeId } = filter;
  if (userId !== undefined) query = query.where((eb) => eb.or([eb('a.actor_id', '=', userId), eb('a.target_user_id', '=', userId)]));
  if (roomId !== undefined) query = query.where('a.target_room_id', '=', roomId);
  if (action !== undefined) query = query.where('a.action', '=', action);
  if (since !== undefined) query = query.where('a.last_at', '>=', since);
  if (beforeId !== undefined) query = query.where('a.id', '<', beforeId);
  return query.execute();
}
