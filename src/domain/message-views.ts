import type { Kysely, Transaction } from 'kysely';
import type { ChatMessage, Reaction } from '../protocol/message.js';
import type { MessageRow } from '../storage/messages.js';
import { reactionsOf } from '../storage/reactions.js';
import type { Database } from '../storage/schema.js';
import { presentMessage } from './present.js';

/**
 * Stored messages as clients see them, reactions included: one query for
 * the reactions of a whole page, however many messages it holds.
 */
export async function presentMessages(db: Kysely<Database> | Transaction<Database>, rows: MessageRow[]): Promise<ChatMessage[]> {
  const reactions = new Map<number, Reaction[]>();
  for (const row of await reactionsOf(
    db,
    rows.filter((row) => row.deleted_at === null).map((row) => row.id),
  )) {
    const list = reactions.get(row.message_id) ?? [];
    list.push({ emoji: row.emoji, count: row.count, user_ids: row.user_ids });
    reactions.set(row.message_id, list);
  }
  return rows.map((row) => presentMessage(row, reactions.get(row.id)));
}
