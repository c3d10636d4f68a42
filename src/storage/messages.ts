import { type Kysely, sql, type Transaction } from 'kysely';
import { REPLY_PREVIEW_LENGTH } from '../protocol/message.js';
import { runPrepared } from './prepared-statements.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

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
  edited_at: Date | null;
  deleted_at: Date | null;
  mentions: number[] | null;
  mentions_room: boolean;
  reply_to_id: number | null;
  reply_user_id: number | null;
  reply_nickname: string | null;
  /** The first REPLY_PREVIEW_LENGTH characters of the answered message. */
  reply_preview: string | null;
  reply_deleted: boolean | null;
  /** The link whose preview the message shows (set once fetched), unless its author dismissed it. */
  preview_url: string | null;
  preview_dismissed: boolean;
}

/** A stored message with its author and the quote of the message it answers: one join per page, not per message. */
export function selectMessages(db: Db) {
  return db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('messages as r', 'r.id', 'm.reply_to_id')
    .leftJoin('users as ru', 'ru.id', 'r.user_id')
    .select([
      'm.id',
      'm.room_id',
      'm.seq',
      'm.rev',
      'm.user_id',
      'u.nickname',
      'm.content',
      'm.client_id',
      'm.created_at',
      'm.edited_at',
      'm.deleted_at',
      'm.mentions',
      'm.mentions_room',
      'm.reply_to_id',
      'm.preview_url',
      'm.preview_dismissed',
      'r.user_id as reply_user_id',
      'ru.nickname as reply_nickname',
      sql<string | null>`left(r.content, ${REPLY_PREVIEW_LENGTH})`.as('reply_preview'),
      sql<boolean | null>`r.deleted_at is not null`.as('reply_deleted'),
    ]);
}

/**
 * Up to `limit` messages with seq below `beforeSeq` (null: the newest), oldest
 * first, and whether older ones exist. One range scan on (room_id, seq): the
 * cost does not grow with the room.
 */
export async function messagesBefore(
  db: Db,
  roomId: number,
  beforeSeq: number | null,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  let query = selectMessages(db).where('m.room_id', '=', roomId);
  if (beforeSeq !== null) query = query.where('m.seq', '<', beforeSeq);
  const rows = await runPrepared(
    db,
    beforeSeq === null ? 'messages_newest' : 'messages_before',
    query.orderBy('m.seq', 'desc').limit(limit + 1),
  );
  return { rows: rows.slice(0, limit).reverse(), hasMore: rows.length > limit };
}

/** Up to `limit` messages with seq above `afterSeq`, oldest first, and whether newer ones exist. */
export async function messagesAfter(
  db: Db,
  roomId: number,
  afterSeq: number,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const query = selectMessages(db)
    .where('m.room_id', '=', roomId)
    .where('m.seq', '>', afterSeq)
    .orderBy('m.seq', 'asc')
    .limit(limit + 1);
  const rows = await runPrepared(db, 'messages_after', query);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Messages whose latest change has a rev above `afterRev`, in rev order: what a
 * client or a hub missed since it held `afterRev`, each message once, in its
 * latest state. One range scan of (room_id, rev): the cost grows with the
 * changes missed, not with the room.
 */
export async function messagesChangedAfter(
  db: Db,
  roomId: number,
  afterRev: number,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const query = selectMessages(db)
    .where('m.room_id', '=', roomId)
    .where('m.rev', '>', afterRev)
    .orderBy('m.rev', 'asc')
    .limit(limit + 1);
  const rows = await runPrepared(db, 'messages_changed_after', query);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function findMessage(db: Db, messageId: number): Promise<MessageRow | undefined> {
  return selectMessages(db).where('m.id', '=', messageId).executeTakeFirst();
}

export async function findMessagePosition(db: Db, messageId: number): Promise<{ room_id: number; seq: number } | undefined> {
  return db.selectFrom('messages').select(['room_id', 'seq']).where('id', '=', messageId).executeTakeFirst();
}
