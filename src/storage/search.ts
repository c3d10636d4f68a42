import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type MessageRow, selectMessages } from './messages.js';
import type { Database } from './schema.js';

/**
 * What the text of a search must match. Every value is bound as a parameter and handed to
 * PostgreSQL's own query builders (plainto_tsquery, phraseto_tsquery), never spliced into
 * tsquery syntax; prefixes hold only letters and digits.
 */
export interface TextMatch {
  /** Plain words, all required, stemmed (one plainto_tsquery: stop words drop out). */
  words: string;
  phrases: string[];
  /** Letters and digits only: `lexeme:*`. */
  prefixes: string[];
  excluded: string[];
  excludedPhrases: string[];
  /** Substring fallback: each must occur in the folded content (trigram index). */
  substrings: string[];
}

export interface SearchFilter {
  userId: number;
  text: TextMatch;
  roomId?: number | undefined;
  /** Room names (case-insensitive) or ids, any of them. */
  roomRefs: string[];
  fromKeys: string[];
  before?: Date | undefined;
  after?: Date | undefined;
  hasLink: boolean;
  isMention: boolean;
  /** Cursor: only messages with a smaller id. */
  beforeId?: number | undefined;
  limit: number;
  /** How many of the newest messages a substring search reads in order first (SUBSTRING_WINDOW). */
  substringWindow?: number;
}

type Db = Kysely<Database>;

function tsquery(text: TextMatch, positiveOnly = false): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  if (text.words) parts.push(sql`plainto_tsquery('russian', search_fold(${text.words}))`);
  for (const phrase of text.phrases) parts.push(sql`phraseto_tsquery('russian', search_fold(${phrase}))`);
  for (const prefix of text.prefixes) parts.push(sql`to_tsquery('russian', search_fold(${prefix}) || ':*')`);
  if (!positiveOnly) {
    for (const word of text.excluded) parts.push(sql`(!! plainto_tsquery('russian', search_fold(${word})))`);
    for (const phrase of text.excludedPhrases) parts.push(sql`(!! phraseto_tsquery('russian', search_fold(${phrase})))`);
  }
  return parts.length === 0 ? null : sql`(${sql.join(parts, sql` && `)})`;
}

/** LIKE's own characters taken literally. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** What the text must match, on the message aliased `m`. */
function textConditions(text: TextMatch): RawBuilder<boolean>[] {
  const where: RawBuilder<boolean>[] = [];
  const match = tsquery(text);
  if (match) where.push(sql`m.search_tsv @@ ${match}`);
  for (const part of text.substrings) where.push(sql`search_fold(m.content) like search_fold(${`%${likeEscape(part)}%`})`);
  return where;
}

/**
 * Which messages may match at all, on the message aliased `m`: not deleted, in the user's rooms, and
 * the operators. The rooms as a semi-join let the planner start from an index; as an array (computed
 * once) they are a cheap check on each row of an ordered walk.
 */
function scopeConditions(filter: SearchFilter, rooms: 'join' | 'array'): RawBuilder<boolean>[] {
  const mine = sql`select room_id from room_members where user_id = ${filter.userId}`;
  const where: RawBuilder<boolean>[] = [
    sql`m.deleted_at is null`,
    rooms === 'join' ? sql`m.room_id in (${mine})` : sql`m.room_id = any(array(${mine}))`,
  ];
  if (filter.roomId !== undefined) where.push(sql`m.room_id = ${filter.roomId}`);
  if (filter.roomRefs.length > 0) {
    const refs = filter.roomRefs;
    const names = sql.join(refs.map((ref) => sql`lower(${ref})`));
    where.push(sql`m.room_id in (select id from rooms where lower(name) in (${names}) or id::text in (${sql.join(refs)}))`);
  }
  if (filter.fromKeys.length > 0) {
    where.push(sql`m.user_id in (select id from users where nickname_key in (${sql.join(filter.fromKeys)}))`);
  }
  if (filter.before) where.push(sql`m.created_at < ${filter.before}`);
  if (filter.after) where.push(sql`m.created_at >= ${filter.after}`);
  if (filter.hasLink) where.push(sql`search_fold(m.content) ~ 'https?://[^[:space:]]'`);
  if (filter.isMention) {
    where.push(sql`(m.mentions_room or exists (select 1 from mentions mn where mn.message_id = m.id and mn.user_id = ${filter.userId}))`);
  }
  if (filter.beforeId !== undefined) where.push(sql`m.id < ${filter.beforeId}`);
  return where;
}

/**
 * A substring search first reads this many of the newest messages (of every room) in order: ~10 ms
 * on PostgreSQL when none matches. A
 * fragment of a common word ("eploym") matches a large part of the table: the trigram index would
 * hand over every one of those rows to be rechecked and sorted, where reading backwards finds a
 * page within a few thousand. Only when the newest rows hold less than a page does the trigram
 * index look further back, where its matches are few.
 */
export const SUBSTRING_WINDOW = 10_000;

/**
 * One page of matching messages, newest first, from rooms the user is a member of now, never
 * tombstones. `deleted_at is null` also lets the planner use the partial search indexes.
 */
export async function searchMessages(db: Db, filter: SearchFilter): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const wanted = filter.limit + 1;
  let rows: MessageRow[] = [];
  let older: SearchFilter | null = filter;
  if (filter.text.substrings.length > 0) {
    const walked = await newestMatches(db, filter, wanted);
    rows = walked.rows;
    older = walked.floor === null ? null : { ...filter, beforeId: walked.floor };
  }
  if (older && rows.length < wanted) rows.push(...(await indexedMatches(db, older, wanted - rows.length)));
  return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
}

async function indexedMatches(db: Db, filter: SearchFilter, limit: number): Promise<MessageRow[]> {
  let query = selectMessages(db);
  for (const condition of [...scopeConditions(filter, 'join'), ...textConditions(filter.text)]) query = query.where(condition);
  return query.orderBy('m.id', 'desc').limit(limit).execute();
}

/**
 * The matches among the newest SUBSTRING_WINDOW messages below the cursor, read backwards by id
 * (the `offset 0` keeps the planner from pushing the text match into the walk and choosing an index),
 * and where an older search must continue: null when the walk reached the first message.
 */
async function newestMatches(db: Db, filter: SearchFilter, limit: number): Promise<{ rows: MessageRow[]; floor: number | null }> {
  const top = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const ceiling = Math.min(Number(top?.id ?? 0) + 1, filter.beforeId ?? Number.POSITIVE_INFINITY);
  const floor = ceiling - (filter.substringWindow ?? SUBSTRING_WINDOW);
  const scope = sql.join(scopeConditions(filter, 'array'), sql` and `);
  const text = sql.join(textConditions(filter.text), sql` and `);
  // The scope is checked inside the walk, so the costly text match runs only on rows that may match.
  const ids = await sql<{ id: number }>`
    select m.id from (
      select * from messages m where m.id < ${ceiling} and m.id >= ${floor} and ${scope} order by m.id desc offset 0
    ) m where ${text} limit ${limit}`.execute(db);
  if (ids.rows.length === 0) return { rows: [], floor: floor > 1 ? floor : null };
  const rows = await selectMessages(db)
    .where(
      'm.id',
      'in',
      ids.rows.map((row) => Number(row.id)),
    )
    .orderBy('m.id', 'desc')
    .execute();
  return { rows, floor: floor > 1 ? floor : null };
}

/**
 * What highlighting needs from the database: the lexemes the positive part of the query is made
 * of (as tsquery text), and the lexemes of each distinct word of the hits.
 */
export async function highlightLexemes(db: Db, text: TextMatch, words: string[]): Promise<{ query: string; words: Map<string, string[]> }> {
  const positive = tsquery(text, true);
  const result = new Map<string, string[]>();
  if (words.length === 0 || !positive) return { query: '', words: result };
  // One round trip: the query's lexemes ride along on every row.
  const rows = await sql<{ word: string; lexemes: string[]; q: string }>`
    select w.word, array(select lexeme from unnest(search_vector(w.word))) as lexemes, (${positive})::text as q
    from (values ${sql.join(words.map((word) => sql`(${word}::text)`))}) as w (word)`.execute(db);
  for (const row of rows.rows) result.set(row.word, row.lexemes);
  return { query: rows.rows[0]?.q ?? '', words: result };
}

/**
 * Fills search_tsv for up to `limit` rows written before migration 004 (the trigger keeps every
 * later write current). Returns how many it filled: 0 when none is left.
 */
export async function backfillSearchVectors(db: Db, limit: number): Promise<number> {
  const result = await sql`
    update messages set search_tsv = search_vector(content)
    where id in (select id from messages where search_tsv is null and deleted_at is null order by id desc limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Merges the pending lists of the two search indexes (GIN with fastupdate) into the indexes proper.
 * Needs to own the indexes, which the server does (its migrations created them).
 */
export async function cleanSearchPendingLists(db: Db): Promise<void> {
  await sql`select gin_clean_pending_list('messages_search_idx'::regclass), gin_clean_pending_list('messages_trgm_idx'::regclass)`.execute(
    db,
  );
}
