import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql, type Transaction } from 'kysely';
import { skeleton } from '../domain/confusables.js';
import { nicknameKey } from '../domain/nickname.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Database } from '../storage/schema.js';
import type { Args } from './args.js';
import { type AdminContext, CliError } from './context.js';
import { filesDirOf, importBlobs } from './export-files.js';
import { EXPORT_HEADER, EXPORT_TABLES, IMPORTABLE_VERSIONS } from './export-format.js';

type Trx = Transaction<Database>;
type Row = Record<string, unknown> & { type: string };

/** No password was exported: nothing verifies against this, so every imported account needs `reset-password`. */
const NO_PASSWORD = '!';
const BATCH = 500;
const TABLE_OF: Record<string, string> = Object.fromEntries(EXPORT_TABLES.map((table) => [table.type, table.table]));
/** The columns each line type carries: only those are inserted, so columns an export leaves out keep their defaults. */
const COLUMNS_OF: Record<string, string> = Object.fromEntries(EXPORT_TABLES.map((table) => [table.type, table.columns]));

const NOT_EMPTY = 'import needs an empty server: this one has accounts already';

/**
 * `import FILE` into an empty server (no account yet), in one transaction: all of it or nothing. Rows
 * keep their ids; sequences move past them; unread mentions are derived again from the messages. File
 * bytes (FILE.files) go into the store first: if the rows then fail, they are unreferenced and swept.
 */
export async function importCommand(ctx: AdminContext, args: Args): Promise<void> {
  const path = args.positional[0];
  if (!path) throw new CliError('import FILE', 2);
  if (await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst()) throw new CliError(NOT_EMPTY);
  const blobs = await ctx.blobs();
  const blobCount = await importBlobs(filesDirOf(path), blobs);
  const counts = await ctx.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) throw new CliError(NOT_EMPTY);
    const counts: Record<string, number> = {};
    let batch: Row[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await insertBatch(trx, batch, blobs);
      const type = (batch[0] as Row).type;
      counts[type] = (counts[type] ?? 0) + batch.length;
      if (counts[type] % (BATCH * 20) === 0) process.stderr.write(`${type}s: ${counts[type]}\n`);
      batch = [];
    };
    let first = true;
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as Row;
      if (first) {
        if (row.type !== EXPORT_HEADER.type || !IMPORTABLE_VERSIONS.includes(Number(row.version)))
          throw new CliError(`${path} is not an export this version reads (versions ${IMPORTABLE_VERSIONS.join(', ')})`);
        first = false;
        continue;
      }
      if (!(row.type in TABLE_OF)) throw new CliError(`unknown line type ${row.type}`);
      if (batch.length > 0 && ((batch[0] as Row).type !== row.type || batch.length >= BATCH)) await flush();
      batch.push(row);
    }
    await flush();
    await finish(trx);
    return counts;
  });
  ctx.out(
    `imported ${Object.entries(counts)
      .map(([type, n]) => `${n} ${type}s`)
      .join(', ')}, ${blobCount} file blobs; every account needs reset-password`,
  );
}

async function insertBatch(trx: Trx, rows: Row[], blobs: BlobStore): Promise<void> {
  const type = (rows[0] as Row).type;
  const records = rows.map(({ type: _type, ...rest }) => rest);
  if (type === 'upload') {
    for (const upload of records) {
      const sha = String(upload.sha256);
      if ((await blobs.size('file', sha)) === undefined)
        throw new CliError(`upload ${upload.id}: its bytes (${sha}) are not in the export's files`);
    }
  }
  if (type === 'user') {
    const users = records.map((user) => {
      const nickname = String(user.nickname);
      return { ...user, nickname_key: nicknameKey(nickname), nickname_skeleton: skeleton(nickname), password_hash: NO_PASSWORD };
    });
    await sql`insert into users (id, nickname, nickname_key, nickname_skeleton, password_hash, role, created_at)
      select id, nickname, nickname_key, nickname_skeleton, password_hash, role, created_at
      from jsonb_populate_recordset(null::users, ${JSON.stringify(users)}::jsonb)`.execute(trx);
    return;
  }
  const table = sql.table(TABLE_OF[type] as string);
  const columns = sql.raw(COLUMNS_OF[type] as string);
  const json = JSON.stringify(records);
  if (type === 'room') {
    // The default room exists in every database (the first migration): the export's version replaces it.
    await sql`insert into rooms (${columns}) select ${columns} from jsonb_populate_recordset(null::rooms, ${json}::jsonb)
      on conflict (id) do update set kind = excluded.kind, name = excluded.name, topic = excluded.topic,
        owner_id = excluded.owner_id, dm_key = excluded.dm_key, last_seq = excluded.last_seq,
        last_rev = excluded.last_rev, created_at = excluded.created_at, archived_at = excluded.archived_at`.execute(trx);
    return;
  }
  await sql`insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, ${json}::jsonb)`.execute(trx);
}

/** Unread mentions are rows derived from each message's `mentions`; serial sequences continue after the ids. */
async function finish(trx: Trx): Promise<void> {
  await sql`insert into mentions (user_id, room_id, seq, message_id)
    select unnest(mentions), room_id, seq, id from messages where mentions is not null on conflict do nothing`.execute(trx);
  for (const table of ['users', 'rooms', 'messages']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(trx);
  }
}
