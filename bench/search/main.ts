import { ROOT } from '../lib/config.js';
import { runSearchBench } from './search-bench.js';

/** `tsx bench/search/main.ts [size] [postgres|pglite] [iterations]`: the search phase alone, for a quick look. */
const size = Number(process.argv[2] ?? 20_000);
const store = (process.argv[3] ?? 'postgres') as 'postgres' | 'pglite';
const iterations = Number(process.argv[4] ?? 50);
const result = await runSearchBench({
  store,
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  serverRoot: ROOT,
  size,
  iterations,
  ingest: 2_000,
  log: (line) => console.log(line),
});
console.log(JSON.stringify(result, null, 2));
