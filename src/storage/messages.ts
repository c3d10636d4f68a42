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

const MESSAGE_COLUMNS = ['m.id', 'm.room_id', 'm.seq', 'm.user_id', 'u.nickname', 'm.content', 'm.client_id', 'm.created_at'] as const;

function selectMessages(db: Kysely<Database>, roomId: number) {
  return db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(MESSAGE_COLUMNS)
    .where('m.room_id', '=', roomId);
}

/**
 * Up to `limit` messages with seq below `beforeSeq` (null: the newest), oldest
 * first, and whether older ones exist. One range scan on (room_id, seq): the
 * cost does not grow with the room.
 */
export async function messagesBefore(
  db: Kysely<Database>,
  roomId: number,
  beforeSeq: number | null,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  let query = selectMessages(db, roomId);
  if (beforeSeq !== null) query = query.where('m.seq', '<', beforeSeq);
  const rows = await query
    .orderBy('m.seq', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit).reverse(), hasMore: rows.length > limit };
}

/** Up to `limit` messages with seq above `afterSeq`, oldest first, and whether newer ones exist. */
export async function messagesAfter(
  db: Kysely<Database>,
  roomId: number,
  afterSeq: number,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const rows = await selectMessages(db, roomId)
    .where('m.seq', '>', afterSeq)
    .orderBy('m.seq', 'asc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function findMessagePosition(db: Kysely<Database>, messageId: number): Promise<{ room_id: number; seq: number } | undefined> {
  return db.selectFrom('messages').select(['room_id', 'seq']).where('id', '=', messageId).executeTakeFirst();
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
    .select(MESSAGE_COLUMNS)
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

/** A sender has read everything up to their own message: move their markers, never backwards. */
export async function advanceSenderMarkers(
  trx: Transaction<Database>,
  marks: Array<{ room_id: number; user_id: number; seq: number }>,
): Promise<void> {
  if (marks.length === 0) return;
  const values = marks.map((mark) => sql`(${mark.room_id}::bigint, ${mark.user_id}::bigint, ${mark.seq}::bigint)`);
  await sql`
    update room_members rm set last_read_seq = greatest(rm.last_read_seq, v.seq)
    from (values ${sql.join(values)}) as v(room_id, user_id, seq)
    where rm.room_id = v.room_id and rm.user_id = v.user_id`.execute(trx);
}
