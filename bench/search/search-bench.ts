import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { benchQueries, PHRASE, PHRASE_EVERY, RARE_EVERY, RARE_WORD, VOCABULARY } from './corpus.js';

type StoreModule = typeof import('../../src/storage/store.js');
type SearchModule = typeof import('../../src/domain/search-service.js');
type BatchModule = typeof import('../../src/storage/message-batch.js');
type IndexerModule = typeof import('../../src/domain/search-indexer.js');

/**
 * Search latency and its costs (issue 8): SIZE messages of mixed Russian and English over 100 rooms
 * and 1 000 users; a user in 10 rooms times each query type through the server's SearchService; then
 * the ingest rate through the group commit's statement with search indexing and without; then
 * how long migration 004 takes on that table, and the background fill of its old rows after it.
 */
export interface SearchBenchOptions {
  store: 'postgres' | 'pglite';
  databaseUrl: string;
  serverRoot: string;
  size: number;
  iterations: number;
  /** Messages per ingest run (in group-commit batches of 50). */
  ingest: number;
  log: (line: string) => void;
}

export interface SearchTiming {
  case: string;
  query: string;
  hits: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export interface SearchBenchResult {
  store: string;
  size: number;
  fillSeconds: number;
  queries: SearchTiming[];
  ingest: { messages: number; indexedPerSecond: number; unindexedPerSecond: number; ratio: number };
  /** Migration 004 on a table already holding the messages (what holds writes back). */
  migrationSeconds: number;
  /** Then the server's background fill of the old rows' vectors, batch after batch, to the end. */
  backfill: { rows: number; seconds: number };
}

const SCHEMA = 'bench_search';
const ROOMS = 100;
const USERS = 1_000;
const MY_ROOMS = 10;
const BATCH = 50;
const round = (value: number) => Math.round(value * 1000) / 1000;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export async function runSearchBench(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const load = <T>(file: string): Promise<T> => import(pathToFileURL(join(options.serverRoot, 'src', file)).href);
  const { openStore } = await load<StoreModule>('storage/store.ts');
  const { SearchService } = await load<SearchModule>('domain/search-service.ts');
  const { commitMessages } = await load<BatchModule>('storage/message-batch.ts');
  const { SearchIndexer } = await load<IndexerModule>('domain/search-indexer.ts');
  const dataDir = options.store === 'pglite' ? await mkdtemp(join(tmpdir(), 'bench-search-')) : '';
  if (options.store === 'postgres') await dropSchema(options.databaseUrl);
  const store = await openStore(
    options.store === 'postgres' ? { databaseUrl: options.databaseUrl, schema: SCHEMA, dataDir, timeoutMs: 600_000 } : { dataDir },
  );
  const db = store.db as Kysely<unknown>;
  try {
    const fillStart = performance.now();
    const { me, rooms } = await fill(db, options);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    options.log(`search ${options.store}: ${options.size.toLocaleString('en')} messages filled in ${fillSeconds.toFixed(1)} s`);

    const service = new SearchService(store.db);
    const actor = { userId: me, nickname: 'bench_me', role: 'member' as const, rooms: new Set(rooms), silenced: new Map<number, number>() };
    const queries: SearchTiming[] = [];
    // A sender with messages in the bench user's rooms, so from: has something to find.
    const sender =
      (
        await sql<{ nickname: string }>`
      select u.nickname from messages m join users u on u.id = m.user_id where m.room_id = ${rooms[0]} and u.id <> ${me} limit 1`.execute(
          db,
        )
      ).rows[0]?.nickname ?? 'bench_user_2';
    for (const [name, query] of benchQueries(sender)) {
      const ask = () => service.search(actor, { query });
      for (let i = 0; i < Math.min(20, options.iterations); i++) await ask();
      const samples: number[] = [];
      let hits = 0;
      for (let i = 0; i < options.iterations; i++) {
        const start = performance.now();
        hits = (await ask()).hits.length;
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      const timing = {
        case: name,
        query,
        hits,
        p50_ms: round(percentile(samples, 50)),
        p99_ms: round(percentile(samples, 99)),
        max_ms: round(samples.at(-1) ?? 0),
      };
      options.log(`search ${options.store}: ${name} (${query}): ${hits} hits, p50 ${timing.p50_ms} ms, p99 ${timing.p99_ms} ms`);
      queries.push(timing);
    }

    // Ingest: the same statement the server's writer commits, batches of 50, with and without the search indexes.
    const ingestRun = async () => {
      const start = performance.now();
      for (let done = 0; done < options.ingest; done += BATCH) {
        const rows = Array.from({ length: BATCH }, (_, i) => ({
          ord: i,
          room_id: rooms[(done + i) % rooms.length] as number,
          user_id: me,
          content: sentence(done + i),
          client_id: null,
          reply_to_id: null,
          mentions: [],
          mentions_room: false,
          attachments: [],
        }));
        await commitMessages(store.db, rows);
      }
      return options.ingest / ((performance.now() - start) / 1000);
    };
    const indexedPerSecond = await ingestRun();
    // Back to the schema before migration 004: no vector, no trigger, no search index.
    await sql
      .raw(`drop trigger messages_search_tsv on messages; drop function messages_search_tsv();
        drop index messages_search_idx, messages_trgm_idx, messages_search_pending_idx, messages_user_idx;
        alter table messages drop column search_tsv; drop function search_vector(text); drop function search_fold(text);`)
      .execute(db);
    const unindexedPerSecond = await ingestRun();
    options.log(
      `search ${options.store}: ingest ${Math.round(indexedPerSecond)} msg/s indexed, ${Math.round(unindexedPerSecond)} msg/s without`,
    );

    // Migration 004 on the existing table, then the background backfill of its rows to the end.
    const migration = readFileSync(join(options.serverRoot, 'src/storage/migrations/004_search.sql'), 'utf8');
    const migrationStart = performance.now();
    await db.transaction().execute((trx) => sql.raw(migration).execute(trx));
    const migrationSeconds = (performance.now() - migrationStart) / 1000;
    const backfillStart = performance.now();
    const backfilled = await new SearchIndexer(store.db, () => {}).drain();
    const backfillSeconds = (performance.now() - backfillStart) / 1000;
    options.log(
      `search ${options.store}: migration 004 on ${(options.size + 2 * options.ingest).toLocaleString('en')} messages: ${migrationSeconds.toFixed(1)} s; ` +
        `backfill of ${backfilled.toLocaleString('en')} rows: ${backfillSeconds.toFixed(1)} s`,
    );
    return {
      store: options.store,
      size: options.size,
      fillSeconds: round(fillSeconds),
      queries,
      ingest: {
        messages: options.ingest,
        indexedPerSecond: Math.round(indexedPerSecond),
        unindexedPerSecond: Math.round(unindexedPerSecond),
        ratio: round(indexedPerSecond / unindexedPerSecond),
      },
      migrationSeconds: round(migrationSeconds),
      backfill: { rows: backfilled, seconds: round(backfillSeconds) },
    };
  } finally {
    await store.close();
    if (options.store === 'postgres' && !process.env.BENCH_SEARCH_KEEP) await dropSchema(options.databaseUrl);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

/** A message of 5 to 14 words, the same for the same n (ingest runs compare like with like). */
function sentence(n: number): string {
  const words: string[] = [];
  for (let i = 0; i < 5 + (n % 10); i++)
    words.push(VOCABULARY[Math.floor((VOCABULARY.length * ((n * 7919 + i * 104729) % 1000) ** 2) / 1e6)] as string);
  return words.join(' ');
}

async function dropSchema(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${SCHEMA} cascade`);
  await client.end();
}

/** 1 000 users, 100 rooms (each user in 10), SIZE messages; the bench user's 10 rooms. */
async function fill(db: Kysely<unknown>, options: SearchBenchOptions): Promise<{ me: number; rooms: number[] }> {
  await sql`insert into users (nickname, nickname_key, password_hash)
    select 'bench_user_' || g, 'bench_user_' || g, 'x' from generate_series(1, ${USERS}) g`.execute(db);
  await sql`insert into rooms (kind, name) select 'public', 'bench-room-' || g from generate_series(1, ${ROOMS}) g`.execute(db);
  await sql`insert into room_members (room_id, user_id)
    select r.id, u.id from users u join rooms r on r.name like 'bench-room-%'
    where (r.id + u.id) % ${ROOMS / MY_ROOMS} = 0`.execute(db);
  const me = (await sql<{ id: number }>`select id from users where nickname = 'bench_user_1'`.execute(db)).rows[0]?.id as number;
  const rooms = (
    await sql<{ id: number }>`select room_id as id from room_members where user_id = ${me} order by room_id`.execute(db)
  ).rows.map((row) => Number(row.id));
  const vocabulary = sql`array[${sql.join(VOCABULARY)}]::text[]`;
  const chunk = 100_000;
  for (let from = 0; from < options.size; from += chunk) {
    const to = Math.min(options.size, from + chunk) - 1;
    // Word k is picked with probability falling with k (random()^2): a few words are common, most are rare.
    await sql`
      insert into messages (room_id, seq, rev, user_id, content, created_at)
      select r.id, g / ${ROOMS} + 1, g / ${ROOMS} + 1, (select id from users where nickname = 'bench_user_' || (1 + (g * 7) % ${USERS})),
        array_to_string(array(
          select v[1 + floor(cardinality(v) * random() ^ 2)::int] from generate_series(1, 5 + (g % 10) + 0 * g)
        ), ' ')
        || case when g % ${RARE_EVERY} = 0 then ${` ${RARE_WORD}`} else '' end
        || case when g % ${PHRASE_EVERY} = 0 then ${` ${PHRASE}`} else '' end,
        now() - make_interval(secs => ${options.size} - g)
      from generate_series(${from}::bigint, ${to}::bigint) g, (select ${vocabulary} as v) vv,
        (select id, row_number() over (order by id) - 1 as k from rooms where name like 'bench-room-%') r
      where r.k = g % ${ROOMS}`.execute(db);
    options.log(`search ${options.store}: filling ${(to + 1).toLocaleString('en')} / ${options.size.toLocaleString('en')}`);
  }
  await sql`update rooms set last_seq = (select coalesce(max(seq), 0) from messages where room_id = rooms.id), last_rev = (select coalesce(max(rev), 0) from messages where room_id = rooms.id)`.execute(
    db,
  );
  await sql`analyze`.execute(db);
  return { me, rooms };
}
