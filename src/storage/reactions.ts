import { type Kysely, sql, type Transaction } from 'kysely';
import { REACTION_USER_IDS_SHOWN } from '../protocol/message.js';
import { preparedMark } from './prepared-statements.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ReactionRow {
  message_id: number;
  emoji: string;
  count: number;
  user_ids: number[];
}

const REACTIONS_STATEMENT = preparedMark('reactions_of');

/** The reactions of several messages in one query, each emoji in the order it was first given. */
export async function reactionsOf(db: Db, messageIds: number[]): Promise<ReactionRow[]> {
  if (messageIds.length === 0) return [];
  // One text for any number of messages (an array, not an `in` list), planned once per connection.
  const result = await sql<ReactionRow>`${sql.raw(REACTIONS_STATEMENT)}
    select message_id, emoji, count(*)::int as count,
           (array_agg(user_id order by created_at, user_id))[1:${REACTION_USER_IDS_SHOWN}] as user_ids
    from reactions where message_id = any(${messageIds}::bigint[])
    group by message_id, emoji
    order by message_id, min(created_at), emoji`.execute(db);
  return result.rows.map((row) => ({ ...row, count: Number(row.count), user_ids: row.user_ids.map(Number) }));
}

/** True when the reaction is new: the primary key makes a second identical one a no-op, however it races. */
export async function addReaction(trx: Transaction<Database>, messageId: number, userId: number, emoji: string): Promise<boolean> {
  const row = await trx
    .insertInto('reactions')
    .values({ message_id: messageId, user_id: userId, emoji })
    .onConflict((conflict) => conflict.columns(['message_id', 'emoji', 'user_id']).doNothing())
    .returning('emoji')
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeReaction(trx: Transaction<Database>, messageId: number, userId: number, emoji: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('reactions')
    .where('message_id', '=', messageId)
    .where('user_id', '=', userId)
    .where('emoji', '=', emoji)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function distinctEmojiCount(trx: Transaction<Database>, messageId: number): Promise<number> {
  const row = await trx
    .selectFrom('reactions')
    .select(sql<number>`count(distinct emoji)`.as('n'))
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
