import type { Kysely, Transaction } from 'kysely';
import type { Database, LinkPreviewsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type PreviewRow = Omit<LinkPreviewsTable, 'fetched_at'> & { fetched_at: Date };

export async function findPreviews(db: Db, urls: string[]): Promise<PreviewRow[]> {
  if (urls.length === 0) return [];
  return db.selectFrom('link_previews').selectAll().where('url', 'in', urls).execute();
}

/** Stores (or refreshes) what was found at a URL; concurrent fetches of one URL keep the last. */
export async function savePreview(db: Db, row: Omit<PreviewRow, 'fetched_at'>): Promise<void> {
  await db
    .insertInto('link_previews')
    .values({ ...row, fetched_at: new Date() })
    .onConflict((conflict) => conflict.column('url').doUpdateSet({ ...row, fetched_at: new Date() }))
    .execute();
}

export async function setMessagePreview(
  db: Db,
  messageId: number,
  fields: { preview_url?: string | null; preview_dismissed?: boolean },
): Promise<void> {
  await db.updateTable('messages').set(fields).where('id', '=', messageId).execute();
}
