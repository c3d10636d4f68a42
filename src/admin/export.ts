import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { Args } from './args.js';
import { type AdminContext, CliError } from './context.js';
import { exportBlobs, filesDirOf } from './export-files.js';
import { EXPORT_HEADER, EXPORT_TABLES, scopeFilter } from './export-format.js';

const PAGE = 1_000;

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * `export [--room NAME] --out FILE`: JSON Lines, and the file bytes they name in FILE.files/; one snapshot
 * (a repeatable-read transaction).
 */
export async function exportCommand(ctx: AdminContext, args: Args): Promise<void> {
  const path = args.options.get('out');
  if (!path) throw new CliError('export [--room NAME] --out FILE', 2);
  const roomName = args.options.get('room');
  const out = createWriteStream(path, { flags: 'w' });
  const blobs = await ctx.blobs();
  const counts = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const roomId = roomName === undefined ? undefined : await roomNamed(trx, roomName);
      await write(out, `${JSON.stringify(EXPORT_HEADER)}\n`);
      const counts: Record<string, number> = {};
      for (const table of EXPORT_TABLES) counts[table.type] = await exportTable(trx, out, table, roomId, (n) => progress(table.type, n));
      const files = await exportBlobs(trx, blobs, filesDirOf(path), roomId);
      for (const [kind, n] of Object.entries(files)) counts[`${kind} blob`] = n;
      return counts;
    });
  out.end();
  await once(out, 'close');
  ctx.out(
    `exported ${Object.entries(counts)
      .map(([type, n]) => `${n} ${type}s`)
      .join(', ')} to ${path} (file bytes in ${filesDirOf(path)})`,
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
