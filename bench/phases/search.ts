import type { BenchConfig } from '../lib/config.js';
import { log } from '../lib/log.js';
import type { Check } from '../lib/summary.js';
import { SERVER_ROOT } from '../lib/targets.js';
import { runSearchBench, type SearchBenchResult } from '../search/search-bench.js';
import { HISTORY_DEFAULT_URL } from './history.js';

/** Issue 8's goals: every query type's p99, per store. */
const GOAL_MS = { postgres: 50, pglite: 150 } as const;

export type SearchResult = SearchBenchResult[];

const spaced = (n: number) => n.toLocaleString('en').replace(/,/g, ' ');

/** The search phase on each store asked for (PostgreSQL: DATABASE_URL or the test database, schema bench_search). */
export async function searchPhase(config: BenchConfig): Promise<SearchResult> {
  const results: SearchResult = [];
  for (const store of config.searchStores) {
    log(`[ours] search on ${store}: ${spaced(config.searchSize)} messages, ${config.searchIterations} timed searches per query`);
    results.push(
      await runSearchBench({
        store,
        databaseUrl: process.env.DATABASE_URL ?? HISTORY_DEFAULT_URL,
        serverRoot: SERVER_ROOT,
        size: config.searchSize,
        iterations: config.searchIterations,
        ingest: config.quick ? 500 : 5_000,
        log: (line) => log(`[ours] ${line}`),
      }),
    );
  }
  return results;
}

export function searchChecks(search: SearchResult | null | undefined): Check[] {
  return (search ?? []).map((run) => {
    const goal = GOAL_MS[run.store as keyof typeof GOAL_MS];
    const worst = run.queries.reduce((a, b) => (b.p99_ms > a.p99_ms ? b : a), run.queries[0] ?? { case: 'n/a', p99_ms: Number.NaN });
    return {
      goal: `search p99 < ${goal} ms for each query type on ${run.store} (${spaced(run.size)} messages)`,
      measured: `worst: ${worst.case} p99 ${worst.p99_ms} ms`,
      pass: Number.isFinite(worst.p99_ms) ? worst.p99_ms < goal : null,
    };
  });
}

export function searchMarkdown(search: SearchResult): string[] {
  const lines = ['', '## Search', ''];
  for (const run of search) {
    lines.push(
      `${run.store}: ${spaced(run.size)} messages of mixed Russian and English over 100 rooms and 1 000 users (filled in ${run.fillSeconds} s); ` +
        'a user in 10 rooms searches through SearchService (parse, query, messages, highlights).',
      '',
      '| query type | query | hits | p50 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...run.queries.map((q) => `| ${q.case} | \`${q.query}\` | ${q.hits} | ${q.p50_ms} | ${q.p99_ms} | ${q.max_ms} |`),
      '',
      `Ingest through the group commit's statement (batches of 50): ${run.ingest.indexedPerSecond} msg/s with search indexing, ` +
        `${run.ingest.unindexedPerSecond} msg/s without (ratio ${run.ingest.ratio}).`,
      `Migration 004 on the filled table: ${run.migrationSeconds} s; then the background fill of ${spaced(run.backfill.rows)} older rows: ${run.backfill.seconds} s.`,
      '',
    );
  }
  return lines;
}
