import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface MessageRow {
  id: number;
  room_id: number;
  seq: number;
  rev: number;
  user_id: number;
  nickname: string;
  content: string;
  client_id: string | null;
  created_at: Date;
}

const MESSAGE_COLUMNS = [
  'm.id',
  'm.room_id',
  'm.seq',
  'm.rev',
  'm.user_id',
  'u.nickname',
  'm.content',
  'm.client_id',
  'm.created_at',
] as const;

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
 * Messages whose latest change has a rev above `afterRev`, in rev order: what a room's subscribers
 * missed since they held `afterRev`, each message once in its latest state. One range scan of
 * (room_id, rev): the cost grows with the changes missed, not with the room.
 */
export async function messagesChangedAfter(db: Kysely<Database>, roomId: number, afterRev: number, limit: number): Promise<MessageRow[]> {
  return db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(MESSAGE_COLUMNS)
    .where('m.room_id', '=', roomId)
    .where('m.rev', '>', afterRev)
    .orderBy('m.rev', 'asc')
    .limit(limit)
    .execute();
}
