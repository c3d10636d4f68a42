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

/**
 * One page of matching messages, newest first, from rooms the user is a member of now, never
 * tombstones. `deleted_at is null` also lets the planner use the partial search indexes.
 */
export async function searchMessages(db: Db, filter: SearchFilter): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  let query = selectMessages(db)
    .where('m.deleted_at', 'is', null)
    .where('m.room_id', 'in', (eb) => eb.selectFrom('room_members').select('room_id').where('user_id', '=', filter.userId));
  const match = tsquery(filter.text);
  if (match) query = query.where(sql<boolean>`m.search_tsv @@ ${match}`);
  for (const part of filter.text.substrings) {
    query = query.where(sql<boolean>`search_fold(m.content) like search_fold(${`%${likeEscape(part)}%`})`);
  }
  if (filter.roomId !== undefined) query = query.where('m.room_id', '=', filter.roomId);
  if (filter.roomRefs.length > 0) {
    const refs = filter.roomRefs;
    query = query.where(
      'm.room_id',
      'in',
      db
        .selectFrom('rooms')
        .select('id')
        .where(sql<boolean>`lower(name) in (${sql.join(refs.map((ref) => sql`lower(${ref})`))}) or id::text in (${sql.join(refs)})`),
    );
  }
  if (filter.fromKeys.length > 0) {
    query = query.where('m.user_id', 'in', db.selectFrom('users').select('id').where('nickname_key', 'in', filter.fromKeys));
  }
  if (filter.before) query = query.where('m.created_at', '<', filter.before);
  if (filter.after) query = query.where('m.created_at', '>=', filter.after);
  if (filter.hasLink) query = query.where(sql<boolean>`search_fold(m.content) ~ 'https?://[^[:space:]]'`);
  if (filter.isMention) {
    query = query.where(
      sql<boolean>`(m.mentions_room or exists (select 1 from mentions mn where mn.message_id = m.id and mn.user_id = ${filter.userId}))`,
    );
  }
  if (filter.beforeId !== undefined) query = query.where('m.id', '<', filter.beforeId);
  const rows = await query
    .orderBy('m.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
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
