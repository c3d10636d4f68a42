import { type Kysely, sql } from 'kysely';
import { preparedMark } from './prepared-statements.js';
import type { Database } from './schema.js';

export interface BatchRow {
  /** Position in the batch; results are matched back by it. */
  ord: number;
  room_id: number;
  user_id: number;
  content: string;
  client_id: string | null;
  reply_to_id: number | null;
  mentions: number[];
  mentions_room: boolean;
  /** Upload ids to link to the message, in order; only the sender's unattached uploads are linked. */
  attachments: string[];
}

export interface BatchResult {
  ord: number;
  id: number;
  seq: number;
  rev: number;
  created_at: Date;
  content: string;
  /** True when (room, sender, client_id) was already stored: nothing was inserted. */
  duplicate: boolean;
  /** The uploads this statement linked to the new message (null for a duplicate or none). */
  attached: string[] | null;
  /** True when the room is archived: nothing was written and the other fields are null. */
  archived: boolean;
}

const COMMIT_STATEMENT = preparedMark('commit_messages');

/**
 * Commits a batch of messages in ONE statement (one round trip, autocommit):
 * lock the rooms' rows, skip rows whose idempotency key is already stored,
 * number the rest from each room's counters in batch order (seq and rev grow
 * together for new messages), insert them, bump the counters, and move each
 * sender's read marker to their newest message, and link the uploads each
 * message carries.
 *
 * The row lock (FOR UPDATE, held to commit) makes seq order commit order.
 * A concurrent batch for the same room waits on the lock and then sees the
 * updated counter (PostgreSQL re-reads a locked row after the wait). The
 * duplicate check reads the statement's snapshot, which a racing retry of
 * the same client_id in another process can slip past; the unique index then
 * refuses the statement and the caller runs it again (`isUniqueViolation`).
 * Rows for rooms that do not exist are absent from the result.
 *
 * Rows for an archived room are not written and come back with `archived`
 * (a retry of one committed before the archive is still its duplicate).
 * The check rides on the row lock the statement takes anyway: refusing
 * writes to archived rooms costs the hot path no extra query, and an
 * archive committed a moment before the batch is seen under the lock.
 */
export async function commitMessages(db: Kysely<Database>, rows: BatchRow[]): Promise<BatchResult[]> {
  if (rows.length === 0) return [];
  const column = <K extends keyof BatchRow>(key: K) => rows.map((row) => row[key]);
  // One statement text whatever the batch size (columns as arrays, not a VALUES list of n rows), so
  // PostgreSQL parses and plans it once per connection: half the statement's time (docs/performance.md).
  const result = await sql<BatchResult>`${sql.raw(COMMIT_STATEMENT)}
    with input (ord, room_id, user_id, content, client_id, reply_to_id, mentions, mentions_room, attachments) as (
      select ord, room_id, user_id, content, client_id, reply_to_id, mentions::bigint[], mentions_room, attachments::text[]
      from unnest(${column('ord')}::int[], ${column('room_id')}::bigint[], ${column('user_id')}::bigint[],
                  ${column('content')}::text[], ${column('client_id')}::text[], ${column('reply_to_id')}::bigint[],
                  ${rows.map((row) => arrayLiteral(row.mentions))}::text[], ${column('mentions_room')}::boolean[],
                  ${rows.map((row) => textArrayLiteral(row.attachments))}::text[])
        as batch (ord, room_id, user_id, content, client_id, reply_to_id, mentions, mentions_room, attachments)
    ),
    locked as (
      select id, last_seq, last_rev, archived_at is not null as archived
      from rooms where id in (select room_id from input) order by id for update
    ),
    existing as (
      select i.ord, m.id, m.seq, m.rev, m.created_at, m.content
      from input i join messages m on m.room_id = i.room_id and m.user_id = i.user_id and m.client_id = i.client_id
    ),
    numbered as (
      select i.ord, i.room_id, i.user_id, i.content, i.client_id, i.reply_to_id, i.mentions, i.mentions_room, i.attachments,
             l.last_seq, l.last_rev,
             row_number() over (partition by i.room_id order by i.ord) as n
      from input i join locked l on l.id = i.room_id and not l.archived
      where not exists (select 1 from existing e where e.ord = i.ord)
    ),
    fresh as (
      select ord, room_id, user_id, content, client_id, reply_to_id, mentions, mentions_room, attachments,
             last_seq + n as seq, last_rev + n as rev
      from numbered
    ),
    inserted as (
      insert into messages (room_id, seq, rev, user_id, content, client_id, reply_to_id, mentions, mentions_room)
      select room_id, seq, rev, user_id, content, client_id, reply_to_id, mentions, mentions_room from fresh order by room_id, seq
      returning id, room_id, seq, rev, created_at
    ),
    mentioned as (
      insert into mentions (user_id, room_id, seq, message_id)
      select u.user_id, n.room_id, n.seq, n.id
      from inserted n join fresh f on f.room_id = n.room_id and f.seq = n.seq
      cross join lateral unnest(f.mentions) as u(user_id)
    ),
    attached as (
      update uploads u set message_id = n.id, position = a.pos - 1
      from inserted n join fresh f on f.room_id = n.room_id and f.seq = n.seq
      cross join lateral unnest(f.attachments) with ordinality as a(upload_id, pos)
      where u.id = a.upload_id and u.user_id = f.user_id and u.message_id is null
      returning u.id, u.message_id
    ),
    counters as (
      update rooms r set last_seq = f.top_seq, last_rev = f.top_rev
      from (select room_id, max(seq) as top_seq, max(rev) as top_rev from fresh group by room_id) f
      where r.id = f.room_id
    ),
    markers as (
      update room_members rm set last_read_seq = greatest(rm.last_read_seq, f.top)
      from (select room_id, user_id, max(seq) as top from fresh group by room_id, user_id) f
      where rm.room_id = f.room_id and rm.user_id = f.user_id
    )
    select f.ord, n.id, n.seq, n.rev, n.created_at, f.content, false as duplicate,
           (select array_agg(a.id) from attached a where a.message_id = n.id) as attached, false as archived
      from inserted n join fresh f on f.room_id = n.room_id and f.seq = n.seq
    union all
    select e.ord, e.id, e.seq, e.rev, e.created_at, e.content, true as duplicate, null::text[] as attached, false as archived
      from existing e
    union all
    select i.ord, null, null, null, null, null, false as duplicate, null::text[] as attached, true as archived
      from input i join locked l on l.id = i.room_id and l.archived
      where not exists (select 1 from existing e where e.ord = i.ord)`.execute(db);
  return result.rows.map((row) => ({ ...row, ord: Number(row.ord), created_at: new Date(row.created_at) }));
}

/** Integer ids as an array literal, or NULL for none: the same text on PostgreSQL and PGlite. */
function arrayLiteral(ids: number[]): string | null {
  return ids.length === 0 ? null : `{${ids.map((id) => Math.trunc(id)).join(',')}}`;
}

/** Upload ids (base64url, checked by the caller) as an array literal, or NULL for none. */
function textArrayLiteral(ids: string[]): string | null {
  return ids.length === 0 ? null : `{${ids.map((id) => `"${id.replace(/[^A-Za-z0-9_-]/g, '')}"`).join(',')}}`;
}

/** PostgreSQL's unique_violation: a racing duplicate slipped past the snapshot check. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
