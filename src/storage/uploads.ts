import { type Kysely, sql, type Transaction } from 'kysely';
import { runPrepared } from './prepared-statements.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UploadRow {
  id: string;
  user_id: number;
  sha256: string;
  name: string;
  size: number;
  mime: string;
  width: number | null;
  height: number | null;
  message_id: number | null;
}

const COLUMNS = ['id', 'user_id', 'sha256', 'name', 'size', 'mime', 'width', 'height', 'message_id'] as const;

export async function insertUpload(db: Db, row: Omit<UploadRow, 'message_id'>): Promise<void> {
  await db.insertInto('uploads').values(row).execute();
}

/**
 * The upload if this user may read it: they uploaded it, or it is attached to
 * a message (not deleted) in a room they belong to. One query; "no such file"
 * and "not yours" look the same to the caller.
 */
export async function findReadableUpload(db: Db, id: string, userId: number): Promise<UploadRow | undefined> {
  return db
    .selectFrom('uploads as f')
    .select(COLUMNS.map((column) => `f.${column}` as const))
    .where('f.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('f.user_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('messages as m')
            .innerJoin('room_members as rm', 'rm.room_id', 'm.room_id')
            .select(sql`1`.as('one'))
            .whereRef('m.id', '=', 'f.message_id')
            .where('m.deleted_at', 'is', null)
            .where('rm.user_id', '=', userId),
        ),
      ]),
    )
    .executeTakeFirst();
}

/** The user's own uploads among `ids`, with the client_id of the message each is attached to (if any). */
export async function ownUploads(
  db: Db,
  userId: number,
  ids: string[],
): Promise<Array<UploadRow & { client_id: string | null; room_id: number | null }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('uploads as f')
    .leftJoin('messages as m', 'm.id', 'f.message_id')
    .select([...COLUMNS.map((column) => `f.${column}` as const), 'm.client_id', 'm.room_id'])
    .where('f.id', 'in', ids)
    .where('f.user_id', '=', userId)
    .execute();
}

/** Attachments of these messages in their order: one query for a whole page. */
export async function uploadsOfMessages(db: Db, messageIds: number[]): Promise<UploadRow[]> {
  if (messageIds.length === 0) return [];
  const query = db
    .selectFrom('uploads')
    .select([...COLUMNS])
    .where(sql<boolean>`message_id = any(${messageIds}::bigint[])`)
    .orderBy('message_id')
    .orderBy('position');
  return runPrepared(db, 'uploads_of_messages', query);
}

/** Deletes the uploads of a message (it was deleted): their access goes with them; unreferenced bytes are collected later. */
export async function deleteUploadsOfMessage(db: Db, messageId: number): Promise<void> {
  await db.deleteFrom('uploads').where('message_id', '=', messageId).execute();
}

/** Deletes uploads never attached that are older than `before`. */
export async function deleteUnattachedBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('uploads').where('message_id', 'is', null).where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Which of these hashes no upload (and no link preview) refers to any more. */
export async function unreferencedHashes(db: Db, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  const files = await db.selectFrom('uploads').select('sha256').where('sha256', 'in', hashes).execute();
  const images = await db.selectFrom('link_previews').select('image_sha256').where('image_sha256', 'in', hashes).execute();
  const kept = new Set([...files.map((row) => row.sha256), ...images.map((row) => row.image_sha256)]);
  return hashes.filter((hash) => !kept.has(hash));
}
