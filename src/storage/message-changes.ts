import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { deleteUploadsOfMessage } from './uploads.js';

type Trx = Transaction<Database>;

/**
 * Writes that change an existing message. Each runs inside a transaction
 * that first holds the room's row lock (`lockRoom` in rooms.ts) and ends with `stampRev`,
 * so changes and new messages share one commit-ordered rev sequence.
 */

/** Gives the message the room's next rev: "this message changed, and this is where". */
export async function stampRev(trx: Trx, roomId: number, messageId: number): Promise<number> {
  const result = await sql<{ rev: number }>`
    with next as (update rooms set last_rev = last_rev + 1 where id = ${roomId} returning last_rev)
    update messages m set rev = next.last_rev from next where m.id = ${messageId} returning m.rev`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error(`message ${messageId} vanished under its room's lock`);
  return Number(row.rev);
}

export interface MentionSet {
  userIds: number[];
  room: boolean;
}

/** Replaces the message's mentions: the array on the row (what clients see) and the rows unread mentions are counted from. */
export async function setMentions(trx: Trx, message: { id: number; room_id: number; seq: number }, mentions: MentionSet): Promise<void> {
  await trx.deleteFrom('mentions').where('message_id', '=', message.id).execute();
  if (mentions.userIds.length > 0) {
    await trx
      .insertInto('mentions')
      .values(mentions.userIds.map((userId) => ({ user_id: userId, room_id: message.room_id, seq: message.seq, message_id: message.id })))
      .execute();
  }
  await trx
    .updateTable('messages')
    .set({ mentions: mentions.userIds.length > 0 ? mentions.userIds : null, mentions_room: mentions.room })
    .where('id', '=', message.id)
    .execute();
}

/** Keeps the current content as the next earlier version, then stores the new one. */
export async function replaceContent(trx: Trx, messageId: number, content: string, editedAt: Date | null): Promise<void> {
  await sql`
    insert into message_versions (message_id, version, content, created_at)
    select m.id, coalesce((select max(version) from message_versions where message_id = m.id), 0) + 1, m.content,
           coalesce(m.edited_at, m.created_at)
    from messages m where m.id = ${messageId}`.execute(trx);
  const update = trx.updateTable('messages').set({ content }).where('id', '=', messageId);
  await (editedAt ? update.set({ edited_at: editedAt }) : update).execute();
}

/** A tombstone: the content, its earlier versions, mentions, reactions and attachments are deleted, not hidden. */
export async function tombstone(trx: Trx, messageId: number): Promise<void> {
  await trx.deleteFrom('message_versions').where('message_id', '=', messageId).execute();
  await trx.deleteFrom('mentions').where('message_id', '=', messageId).execute();
  await trx.deleteFrom('reactions').where('message_id', '=', messageId).execute();
  // Its files go with it: nobody may fetch them any more (the bytes are collected when nothing refers to them).
  await deleteUploadsOfMessage(trx, messageId);
  await trx
    .updateTable('messages')
    .set({ content: '', deleted_at: new Date(), edited_at: null, mentions: null, mentions_room: false })
    .where('id', '=', messageId)
    .execute();
}

export async function listVersions(db: Kysely<Database>, messageId: number): Promise<Array<{ content: string; created_at: Date }>> {
  return db
    .selectFrom('message_versions')
    .select(['content', 'created_at'])
    .where('message_id', '=', messageId)
    .orderBy('version')
    .execute();
}
