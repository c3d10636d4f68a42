import pg from 'pg';
import { type PageTiming, runHistoryBench } from '../history/history-pages.js';
import type { BenchConfig } from '../lib/config.js';
import { log } from '../lib/log.js';
import { commandCpuSince, commandTicks, machineCpuSeconds, sleep } from '../lib/proc.js';
import { ratio, round } from '../lib/stats.js';
import type { Check } from '../lib/summary.js';
import { SERVER_ROOT } from '../lib/targets.js';

export const HISTORY_DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The start of the error recorded when PostgreSQL cannot be reached: a missing database, not a broken harness. */
export const HISTORY_UNREACHABLE = 'history: PostgreSQL unreachable';
const SMALL_ROOM = 1_000;
const PAGE_SIZE = 50;
/** The cases the target is about: a page from the end and pages around the middle. */
const TARGET_CASES = ['newest page', 'page before the middle', 'page after the middle'];

export interface HistoryResult {
  database: string;
  roomSize: number;
  smallSize: number;
  pageSize: number;
  iterations: number;
  pages: PageTiming[];
  /** Per case: p99 in the big room ÷ p99 in the small room (≈ 1 when a page's cost does not grow with the room). */
  p99Ratios: Array<{ case: string; small_p99_ms: number; big_p99_ms: number; ratio: number | null }>;
  /** Machine CPU outside this process and PostgreSQL during the timing, % of a core. */
  outsideLoadPct: number;
  seconds: number;
}

const spaced = (n: number) => n.toLocaleString('en').replace(/,/g, ' ');

function label(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}, schema bench_history`;
}

/** Waits (at most `maxMs`) until other work on the machine uses less than a quarter of a core. */
async function waitForQuiet(maxMs = 20_000): Promise<void> {
  const until = performance.now() + maxMs;
  while (performance.now() < until) {
    const machine0 = machineCpuSeconds();
    const db0 = commandTicks('postgres');
    const self0 = process.cpuUsage();
    await sleep(1000);
    const self = process.cpuUsage(self0);
    const own = commandCpuSince('postgres', db0) + (self.user + self.system) / 1e6;
    if (machineCpuSeconds().busy - machine0.busy - own < 0.25) return;
  }
}

/** History pages from the end, the middle and at random in a big and a 1 000-message room, on PostgreSQL. */
export async function historyPhase(config: BenchConfig): Promise<HistoryResult> {
  const url = process.env.DATABASE_URL ?? HISTORY_DEFAULT_URL;
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
  } catch (error) {
    throw new Error(`${HISTORY_UNREACHABLE} at ${label(url)}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await probe.end().catch(() => undefined);
  }
  log(`[ours] history: ${spaced(config.historyRoomSize)} and ${spaced(SMALL_ROOM)} messages on ${label(url)}`);
  // --quick checks the harness: the untimed warm-up pages (the fill run warmed the cache already) are cut short.
  const run = (iterations: number, logPages: boolean) =>
    runHistoryBench({
      warmup: config.quick ? 5 : 50,
      databaseUrl: url,
      serverRoot: SERVER_ROOT,
      roomSize: config.historyRoomSize,
      smallSize: SMALL_ROOM,
      iterations,
      pageSize: PAGE_SIZE,
      log: (line) => (logPages || line.includes('filling') ? log(`[ours] ${line}`) : undefined),
    });
  // Fills the rooms when a run needs them first (minutes at 1 M rows) and warms the cache; not timed.
  await run(1, false);
  if (!config.quick) await waitForQuiet();
  const machine0 = machineCpuSeconds();
  const db0 = commandTicks('postgres');
  const self0 = process.cpuUsage();
  const started = performance.now();
  const pages = await run(config.historyIterations, true);
  const seconds = (performance.now() - started) / 1000;
  const self = process.cpuUsage(self0);
  const own = commandCpuSince('postgres', db0) + (self.user + self.system) / 1e6;
  const outside = machineCpuSeconds().busy - machine0.busy - own;
  const p99Ratios = pages
    .filter((page) => page.room_size === config.historyRoomSize)
    .map((big) => {
      const small = pages.find((page) => page.room_size === SMALL_ROOM && page.case === big.case);
      return { case: big.case, small_p99_ms: small?.p99_ms ?? Number.NaN, big_p99_ms: big.p99_ms, ratio: ratio(big.p99_ms, small?.p99_ms) };
    });
  return {
    database: label(url),
    roomSize: config.historyRoomSize,
    smallSize: SMALL_ROOM,
    pageSize: PAGE_SIZE,
    iterations: config.historyIterations,
    pages,
    p99Ratios,
    outsideLoadPct: round(Math.max(0, (100 * outside) / seconds), 1),
    seconds: round(seconds, 1),
  };
}

/** "history page p99 < 5 ms at 1 000 000 messages (middle and end)", with the growth against the 1 000-message room. */
export function historyCheck(history: HistoryResult | null | undefined, roomSize: number): Check {
  const goal = `history page p99 < 5 ms at ${spaced(roomSize)} messages (middle and end)`;
  const timed = history?.p99Ratios.filter((r) => TARGET_CASES.includes(r.case)) ?? [];
  if (!history || timed.length === 0) return { goal, measured: 'n/a', pass: null };
  const worst = Math.max(...timed.map((r) => r.big_p99_ms));
  const p99 = (name: string) => timed.find((r) => r.case === name);
  const [end, before, after] = TARGET_CASES.map(p99);
  const measured =
    `p99 end ${end?.big_p99_ms}, middle ${before?.big_p99_ms} / ${after?.big_p99_ms} ms (before / after); ` +
    `÷ same at ${spaced(history.smallSize)} messages: ${end?.ratio}×, ${before?.ratio}× / ${after?.ratio}×`;
  return { goal, measured, pass: worst < 5 };
}

/** "a resume's catch-up of 1 000 changes costs the same whatever the size of the room". */
export function catchUpCheck(history: HistoryResult | null | undefined): Check {
  const goal = `catch-up of 1 000 changes: p99 in the ${history ? spaced(history.roomSize) : 'big'}-message room within 2× the ${spaced(SMALL_ROOM)}-message room`;
  const catchUp = history?.p99Ratios.find((r) => r.case.startsWith('catch-up'));
  if (!catchUp || catchUp.ratio === null) return { goal, measured: 'n/a', pass: null };
  return { goal, measured: `p99 ${catchUp.big_p99_ms} ms vs ${catchUp.small_p99_ms} ms: ${catchUp.ratio}×`, pass: catchUp.ratio < 2 };
}

/** The results.md section: room size × case → p50/p99/max. */
export function historyMarkdown(history: HistoryResult): string[] {
  const rows = history.pages.map((page) => {
    const growth = history.p99Ratios.find((r) => r.case === page.case && page.room_size === history.roomSize);
    return `| ${spaced(page.room_size)} | ${page.case} | ${page.p50_ms} | ${page.p99_ms} | ${page.max_ms} | ${growth ? `${growth.ratio}×` : ''} |`;
  });
  return [
    '',
    '## History pages',
    '',
    `Pages of ${history.pageSize} messages through the server's storage functions (\`messagesBefore\`/\`messagesAfter\`), ` +
      `${history.iterations} timed per case after 50 untimed, one at a time, on PostgreSQL (${history.database}). ` +
      `Outside load during the timing: ${history.outsideLoadPct} % of a core.`,
    '',
    `| room size (messages) | case | p50 ms | p99 ms | max ms | p99 ÷ same case at ${spaced(history.smallSize)} |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
}
