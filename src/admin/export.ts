import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { Args } from './args.js';
import { type AdminContext, CliError } from './context.js';

/** The format's name and version: the first line of every export. */
export const EXPORT_HEADER = { type: 'cerulean-chalice-export', version: 1 } as const;

/**
 * What each line type holds, in the order the file holds them; within a type, lines are in primary-key
 * order. Timestamps are PostgreSQL's own JSON text (microseconds kept), so export → import → export gives
 * the same bytes. Never exported: password hashes, sessions, push subscriptions, the audit log.
 */
export const EXPORT_TABLES = [
  { type: 'user', table: 'users', columns: 'id, nickname, role, created_at', order: 'id', scope: 'user' },
  {
    type: 'room',
    table: 'rooms',
    columns: 'id, kind, name, topic, owner_id, dm_key, last_seq, last_rev, created_at',
    order: 'id',
    scope: 'room',
  },
  {
    type: 'member',
    table: 'room_members',
    columns: 'room_id, user_id, role, last_read_seq, joined_at, notify_level, muted_until, silenced_until',
    order: 'room_id, user_id',
    scope: 'room_id',
  },
  {
    type: 'message',
    table: 'messages',
    columns: 'id, room_id, seq, rev, user_id, content, client_id, created_at, edited_at, deleted_at, reply_to_id, mentions, mentions_room',
    order: 'room_id, seq',
    scope: 'room_id',
  },
  {
    type: 'reaction',
    table: 'reactions',
    columns: 'message_id, user_id, emoji, created_at',
    order: 'message_id, emoji, user_id',
    scope: 'message',
  },
  {
    type: 'version',
    table: 'message_versions',
    columns: 'message_id, version, content, created_at',
    order: 'message_id, version',
    scope: 'message',
  },
] as const;

type Scope = (typeof EXPORT_TABLES)[number]['scope'];
const PAGE = 1_000;

/** The rows of one room only: its users are its members, the authors of its messages and their reactions. */
function scopeFilter(scope: Scope, roomId: number | undefined) {
  if (roomId === undefined) return sql`true`;
  switch (scope) {
    case 'room':
      return sql`id = ${roomId}`;
    case 'room_id':
      return sql`room_id = ${roomId}`;
    case 'message':
      return sql`message_id in (select id from messages where room_id = ${roomId})`;
    case 'user':
      return sql`(id in (select user_id from room_members where room_id = ${roomId})
        or id in (select user_id from messages where room_id = ${roomId})
        or id in (select r.user_id from reactions r join messages m on m.id = r.message_id where m.room_id = ${roomId}))`;
  }
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** `export [--room NAME] --out FILE`: JSON Lines, one snapshot (a repeatable-read transaction). */
export async function exportCommand(ctx: AdminContext, args: Args): Promise<void> {
  const path = args.options.get('out');
  if (!path) throw new CliError('export [--room NAME] --out FILE', 2);
  const roomName = args.options.get('room');
  const out = createWriteStream(path, { flags: 'w' });
  const counts = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const roomId = roomName === undefined ? undefined : await roomNamed(trx, roomName);
      await write(out, `${JSON.stringify(EXPORT_HEADER)}\n`);
      const counts: Record<string, number> = {};
      for (const table of EXPORT_TABLES) counts[table.type] = await exportTable(trx, out, table, roomId, (n) => progress(table.type, n));
      return counts;
    });
  out.end();
  await once(out, 'close');
  ctx.out(
    `exported ${Object.entries(counts)
      .map(([type, n]) => `${n} ${type}s`)
      .join(', ')} to ${path}`,
  );
}

async function roomNamed(trx: Transaction<Database>, name: string): Promise<number> {
  const rows = await trx.selectFrom('rooms').select('id').where('name', '=', name).where('kind', 'in', ['public', 'private']).execute();
  if (rows.length !== 1) throw new CliError(rows.length === 0 ? `no room named ${name}` : `${rows.length} rooms are named ${name}`);
  return (rows[0] as { id: number }).id;
}

/** Pages by offset inside one snapshot: stable, and each page is one indexed scan in key order. */
async function exportTable(
  trx: Transaction<Database>,
  out: WriteStream,
  table: (typeof EXPORT_TABLES)[number],
  roomId: number | undefined,
  onProgress: (n: number) => void,
): Promise<number> {
  let done = 0;
  for (;;) {
    const { rows } = await sql<{ line: string }>`
      select row_to_json(t)::text as line from (
        select ${sql.raw(table.columns)} from ${sql.table(table.table)} where ${scopeFilter(table.scope, roomId)}
        order by ${sql.raw(table.order)} limit ${PAGE} offset ${done}
      ) t`.execute(trx);
    for (const row of rows) await write(out, `{"type":"${table.type}",${row.line.slice(1)}\n`);
    done += rows.length;
    if (rows.length > 0) onProgress(done);
    if (rows.length < PAGE) return done;
  }
}

/** On long runs the operator sees it move (stderr, so stdout stays the summary). */
function progress(type: string, n: number): void {
  if (n % (PAGE * 10) === 0) process.stderr.write(`${type}s: ${n}\n`);
}
