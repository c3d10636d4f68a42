import type { Kysely, Transaction } from 'kysely';
import type { Attachment, ChatMessage, LinkPreview, Reaction } from '../protocol/message.js';
import { findPreviews } from '../storage/link-previews.js';
import type { MessageRow } from '../storage/messages.js';
import { reactionsOf } from '../storage/reactions.js';
import type { Database } from '../storage/schema.js';
import { uploadsOfMessages } from '../storage/uploads.js';
import { presentMessage } from './present.js';
import { presentAttachment, presentPreview } from './present-file.js';

/**
 * Stored messages as clients see them, reactions, attachments and link
 * previews included: one query each for a whole page, however many messages it holds.
 */
export async function presentMessages(db: Kysely<Database> | Transaction<Database>, rows: MessageRow[]): Promise<ChatMessage[]> {
  const reactions = new Map<number, Reaction[]>();
  const live = rows.filter((row) => row.deleted_at === null).map((row) => row.id);
  for (const row of await reactionsOf(db, live)) {
    const list = reactions.get(row.message_id) ?? [];
    list.push({ emoji: row.emoji, count: row.count, user_ids: row.user_ids });
    reactions.set(row.message_id, list);
  }
  const attachments = new Map<number, Attachment[]>();
  for (const upload of await uploadsOfMessages(db, live)) {
    const list = attachments.get(upload.message_id as number) ?? [];
    list.push(presentAttachment(upload));
    attachments.set(upload.message_id as number, list);
  }
  const shown = rows.filter((row) => row.deleted_at === null && !row.preview_dismissed && row.preview_url !== null);
  const previews = new Map<string, LinkPreview>();
  for (const preview of await findPreviews(db, [...new Set(shown.map((row) => row.preview_url as string))])) {
    if (preview.ok) previews.set(preview.url, presentPreview(preview));
  }
  return rows.map((row) =>
    presentMessage(
      row,
      reactions.get(row.id),
      attachments.get(row.id),
      row.preview_url === null ? undefined : previews.get(row.preview_url),
    ),
  );
}
