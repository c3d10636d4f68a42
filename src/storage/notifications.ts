import { type Kysely, sql } from 'kysely';
import type { NotifyLevel } from '../protocol/notifications.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** muted_until as the protocol shows it: null when not muted (or no longer), 'forever', or an ISO time. */
export const mutedUntilColumn = (column: string) =>
  sql<string | null>`case when ${sql.ref(column)} is null or ${sql.ref(column)} <= now() then null
    when ${sql.ref(column)} = 'infinity' then 'forever' else to_json(${sql.ref(column)}) #>> '{}' end`;

export interface NotifySetting {
  level: NotifyLevel | null;
  mutedUntil: string | null;
}

/** Sets what the member asked for; undefined leaves a field as it is. Undefined when not a member. */
export async function setNotifySetting(
  db: Db,
  roomId: number,
  userId: number,
  change: { level?: NotifyLevel | undefined; mutedUntil?: string | null | undefined },
): Promise<NotifySetting | undefined> {
  const set: Record<string, unknown> = {};
  if (change.level !== undefined) set.notify_level = change.level;
  if (change.mutedUntil !== undefined) set.muted_until = change.mutedUntil === 'forever' ? 'infinity' : change.mutedUntil;
  let query = db.updateTable('room_members').where('room_id', '=', roomId).where('user_id', '=', userId);
  query = Object.keys(set).length > 0 ? query.set(set) : query.set({ user_id: userId });
  const row = await query.returning(['notify_level', mutedUntilColumn('muted_until').as('muted_until')]).executeTakeFirst();
  return row ? { level: row.notify_level, mutedUntil: row.muted_until } : undefined;
}

export interface PushSubscriptionRow {
  endpoint: string;
  user_id: number;
  p256dh: string;
  auth: string;
}

/** Saves the subscription for the user (a browser re-subscribing takes its endpoint over). */
export async function savePushSubscription(db: Db, subscription: PushSubscriptionRow): Promise<void> {
  await db
    .insertInto('push_subscriptions')
    .values(subscription)
    .onConflict((conflict) =>
      conflict.column('endpoint').doUpdateSet({ user_id: subscription.user_id, p256dh: subscription.p256dh, auth: subscription.auth }),
    )
    .execute();
}

export async function deletePushSubscription(db: Db, endpoint: string, userId?: number): Promise<number | undefined> {
  let query = db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const row = await query.returning('user_id').executeTakeFirst();
  return row?.user_id;
}

export async function countPushSubscriptions(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('push_subscriptions')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function pushSubscriberIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('push_subscriptions').select('user_id').distinct().execute();
  return rows.map((row) => row.user_id);
}

export interface PushRecipientRow extends PushSubscriptionRow {
  room_id: number;
  room_kind: 'public' | 'private' | 'dm' | 'group';
  room_name: string;
  notify_level: NotifyLevel | null;
  muted_until: string | null;
}

/** Every subscription of these users in these rooms, with their notification settings there. */
export async function pushRecipients(db: Db, roomIds: number[], userIds: number[]): Promise<PushRecipientRow[]> {
  if (roomIds.length === 0 || userIds.length === 0) return [];
  return db
    .selectFrom('room_members as rm')
    .innerJoin('rooms as r', 'r.id', 'rm.room_id')
    .innerJoin('push_subscriptions as s', 's.user_id', 'rm.user_id')
    .select([
      'rm.room_id',
      'r.kind as room_kind',
      'r.name as room_name',
      'rm.notify_level',
      mutedUntilColumn('rm.muted_until').as('muted_until'),
      's.endpoint',
      's.user_id',
      's.p256dh',
      's.auth',
    ])
    .where('rm.room_id', 'in', roomIds)
    .where('rm.user_id', 'in', userIds)
    .execute();
}

/** A value created once for the whole deployment: the first process to store it wins, every process reads the winner. */
export async function settingOrCreate(db: Db, name: string, create: () => string): Promise<string> {
  await db
    .insertInto('server_settings')
    .values({ name, value: create() })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_settings').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
