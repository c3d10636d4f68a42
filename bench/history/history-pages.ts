import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';

type MessagesModule = typeof import('../../src/storage/messages.js');
type StoreModule = typeof import('../../src/storage/store.js');

/**
 * History page latency against room size (issue: "a page costs the same with
 * 10 messages or 10 million"). Fills one room with ROOM_SIZE messages on
 * PostgreSQL, a second with SMALL_SIZE as the baseline measured in the same
 * run, then times pages from the end, the middle and forwards through the
 * same storage functions the server uses: those of `serverRoot` (the checkout
 * or snapshot whose server the run measures).
 */
export interface HistoryBenchOptions {
  databaseUrl: string;
  /** The checkout whose src/storage is measured (BENCH_SERVER_ROOT in a full run). */
  serverRoot: string;
  roomSize: number;
  smallSize: number;
  /** Untimed pages per case before the timed ones (default 50). */
  warmup?: number;
  iterations: number;
  pageSize: number;
  log: (line: string) => void;
}

export interface PageTiming {
  room_size: number;
  case: string;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

const SCHEMA = 'bench_history';
/** Changes a resuming client missed, for the catch-up case. */
const CHANGES = 1_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function runHistoryBench(options: HistoryBenchOptions): Promise<PageTiming[]> {
  const load = <T>(file: string): Promise<T> => import(pathToFileURL(join(options.serverRoot, 'src/storage', file)).href);
  const { messagesAfter, messagesBefore, messagesChangedAfter } = await load<MessagesModule>('messages.ts');
  const { openStore } = await load<StoreModule>('store.ts');
  // The first run fills a million rows (search indexes included) in statements far longer than the server's
  // usual per-statement bound: a fresh machine's fill must not time out.
  const store = await openStore({ databaseUrl: options.databaseUrl, schema: SCHEMA, dataDir: '', timeoutMs: 30 * 60_000 });
  const db = store.db;
  try {
    const user = await sql<{ id: number }>`
      insert into users (nickname, nickname_key, password_hash) values ('bench', 'bench', 'x')
      on conflict (nickname_key) do update set nickname = excluded.nickname returning id`.execute(db);
    const userId = Number(user.rows[0]?.id);
    const rooms: Array<{ id: number; size: number }> = [];
    for (const size of [options.smallSize, options.roomSize]) rooms.push({ id: await ensureRoom(size, userId), size });

    const results: PageTiming[] = [];
    for (const room of rooms) {
      const cases: Array<[string, () => Promise<unknown>]> = [
        ['newest page', () => messagesBefore(db, room.id, null, options.pageSize)],
        ['page before the middle', () => messagesBefore(db, room.id, Math.floor(room.size / 2), options.pageSize)],
        ['page after the middle', () => messagesAfter(db, room.id, Math.floor(room.size / 2), options.pageSize)],
        ['page before a random seq', () => messagesBefore(db, room.id, 1 + Math.floor(Math.random() * room.size), options.pageSize)],
      ];
      // A client back from being away while CHANGES messages all over the room were edited or reacted to:
      // its resume reads every change after its cursor (a snapshot of the server without the change log has none).
      if (messagesChangedAfter) {
        cases.push([`catch-up of ${CHANGES} changes`, () => messagesChangedAfter(db, room.id, room.size, CHANGES)]);
      }
      for (const [name, fetchPage] of cases) {
        for (let i = 0; i < (options.warmup ?? 50); i++) await fetchPage();
        const samples: number[] = [];
        for (let i = 0; i < options.iterations; i++) {
          const start = performance.now();
          await fetchPage();
          samples.push(performance.now() - start);
        }
        samples.sort((a, b) => a - b);
        const timing = {
          room_size: room.size,
          case: name,
          p50_ms: round(percentile(samples, 50)),
          p99_ms: round(percentile(samples, 99)),
          max_ms: round(samples.at(-1) ?? 0),
        };
        options.log(`history: ${room.size.toLocaleString('en')} messages, ${name}: p50 ${timing.p50_ms} ms, p99 ${timing.p99_ms} ms`);
        results.push(timing);
      }
    }
    return results;
  } finally {
    await store.close();
  }

  /** A room named after its size, filled once and reused by later runs. */
  async function ensureRoom(size: number, userId: number): Promise<number> {
    const name = `bench-history-${size}`;
    const existing = await db.selectFrom('rooms').select(['id', 'last_seq', 'last_rev']).where('name', '=', name).executeTakeFirst();
    if (existing && existing.last_seq === size && existing.last_rev === size + CHANGES) return existing.id;
    if (existing) await db.deleteFrom('rooms').where('id', '=', existing.id).execute();
    const room = await db
      .insertInto('rooms')
      .values({ kind: 'public', name, topic: '', owner_id: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const chunk = 100_000;
    for (let from = 1; from <= size; from += chunk) {
      const to = Math.min(size, from + chunk - 1);
      await sql`
        insert into messages (room_id, seq, rev, user_id, content, created_at)
        select ${room.id}, g, g, ${userId}, 'message number ' || g || ' of a long history', now() - make_interval(secs => ${size} - g)
        from generate_series(${from}::bigint, ${to}::bigint) g`.execute(db);
      options.log(`history: filling ${name}: ${to.toLocaleString('en')} / ${size.toLocaleString('en')}`);
    }
    // Then CHANGES changes to messages spread over the whole room, each taking the next rev, as edits and reactions do.
    await sql`
      with picked as (
        select id, row_number() over (order by random()) as n from messages where room_id = ${room.id} order by random() limit ${CHANGES}
      )
      update messages m set rev = ${size} + p.n from picked p where m.id = p.id`.execute(db);
    await db
      .updateTable('rooms')
      .set({ last_seq: size, last_rev: size + CHANGES })
      .where('id', '=', room.id)
      .execute();
    await sql`analyze messages`.execute(db);
    return room.id;
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
