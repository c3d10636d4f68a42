import { SERVER_ROOT } from '../lib/targets.js';
import { runHistoryBench } from './history-pages.js';

/** `npx tsx bench/history/main.ts [--quick]`: the history page benchmark alone. */
const quick = process.argv.includes('--quick');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const results = await runHistoryBench({
  databaseUrl,
  serverRoot: SERVER_ROOT,
  roomSize: quick ? 20_000 : 1_000_000,
  smallSize: 1_000,
  iterations: quick ? 200 : 2_000,
  pageSize: 50,
  log: (line) => console.log(line),
});
console.table(results);
const worst = Math.max(...results.map((result) => result.p99_ms));
console.log(`worst p99: ${worst} ms (target < 5 ms)`);
