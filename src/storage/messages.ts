import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export interface MessageRow {
  id: number;
  room_id: number;
  seq: number;
  user_id: number;
  nickname: string;
  content: string;
  client_id: string | null;
  created_at: Date;
}

export interface NewMessage {
  room_id: number;
  seq: number;
  user_id: number;
  content: string;
  client_id: string | null;
}

/** The newest `limit` messages of a room, oldest first, plus whether older ones exist. */
export async function latestMessages(
  db: Kysely<Database>,
  roomId: number,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.room_id', 'm.seq', 'm.user_id', 'u.nickname', 'm.content', 'm.client_id', 'm.created_at'])
    .where('m.room_id', '=', roomId)
    .orderBy('m.seq', 'desc')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  return { rows: rows.slice(0, limit).reverse(), hasMore };
}

/**
 * Locks the rooms' rows for the rest of the transaction and returns their
 * counters. Locking in id order keeps two batches from deadlocking; holding
 * the lock until commit is what makes seq order equal commit order.
 */
export async function lockRoomCounters(trx: Transaction<Database>, roomIds: number[]): Promise<Map<number, number>> {
  const rows = await trx.selectFrom('rooms').select(['id', 'last_seq']).where('id', 'in', roomIds).orderBy('id').forUpdate().execute();
  return new Map(rows.map((row) => [row.id, row.last_seq]));
}

export async function setRoomCounter(trx: Transaction<Database>, roomId: number, lastSeq: number): Promise<void> {
  await trx.updateTable('rooms').set({ last_seq: lastSeq }).where('id', '=', roomId).execute();
}

export interface ClientKey {
  room_id: number;
  user_id: number;
  client_id: string;
}

/** Messages already stored under any of these idempotency keys. */
export async function findByClientKeys(trx: Transaction<Database>, keys: ClientKey[]): Promise<MessageRow[]> {
  if (keys.length === 0) return [];
  const tuples = keys.map((key) => sql`(${key.room_id}::bigint, ${key.user_id}::bigint, ${key.client_id}::text)`);
  return trx
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.room_id', 'm.seq', 'm.user_id', 'u.nickname', 'm.content', 'm.client_id', 'm.created_at'])
    .where(sql<boolean>`(m.room_id, m.user_id, m.client_id) in (${sql.join(tuples)})`)
    .execute();
}

export async function insertMessages(
  trx: Transaction<Database>,
  messages: NewMessage[],
): Promise<Array<{ id: number; seq: number; room_id: number; created_at: Date }>> {
  if (messages.length === 0) return [];
  return trx.insertInto('messages').values(messages).returning(['id', 'seq', 'room_id', 'created_at']).execute();
}
