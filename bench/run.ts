import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs, USAGE } from './lib/config.js';
import { log } from './lib/log.js';
import { loadAverage } from './lib/proc.js';
import { writeResults } from './lib/report.js';
import { type BenchResults, checks } from './lib/summary.js';
import { SERVER_ROOT, storeLabel, TARGETS } from './lib/targets.js';
import { type ConnectionsResult, connectionsPhase } from './phases/connections.js';
import { HISTORY_UNREACHABLE, historyPhase } from './phases/history.js';
import { restartPhase } from './phases/restart.js';
import { SCALING_NEEDS_POSTGRES, scalingPhase } from './phases/scaling.js';
import { searchPhase } from './phases/search.js';
import { startupPhase } from './phases/startup.js';
import { type ThroughputResult, throughputPhase } from './phases/throughput.js';

/**
 * `npm run bench`: our server and three baselines, each started as a child
 * process and driven by load-generator child processes, measured in one run
 * so that every figure can be read as a ratio. See docs/performance.md.
 */
if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
const config = parseArgs(process.argv.slice(2));
// Ctrl-C or a kill: exit through process.exit, so the 'exit' hook stops every server this run started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const runId = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const started = performance.now();
/** The commit our server was started from, "+dirty" when src/ has uncommitted changes. */
const serverCommit = (() => {
  if (process.env.BENCH_SERVER_COMMIT) return process.env.BENCH_SERVER_COMMIT;
  try {
    const git = (args: string) =>
      execSync(`git ${args}`, { cwd: SERVER_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    return `${git('rev-parse --short HEAD')}${git('status --porcelain -- src') ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
})();
const results: BenchResults = {
  meta: {
    runId,
    date: new Date().toISOString(),
    serverRoot: SERVER_ROOT,
    serverCommit,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadAverage(),
    store: storeLabel(),
    config,
  },
  throughput: {},
  connections: {},
  startup: null,
  history: null,
  restart: null,
  scaling: null,
  search: null,
  errors: [],
};

async function attempt<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    log(`ERROR ${message}`);
    results.errors.push(message);
    return undefined;
  }
}

log(`bench ${config.quick ? '--quick ' : ''}run ${runId}: targets ${config.targets.join(', ')}; phases ${config.phases.join(', ')}`);
log(`our store: ${results.meta.store}; load average ${results.meta.loadAverage}; results → ${config.outDir}`);

const has = (phase: (typeof config.phases)[number]) => config.phases.includes(phase);
if (has('throughput')) {
  for (const id of config.targets) {
    const withSignin = id === 'ours' && has('signin');
    const result: ThroughputResult | undefined = await attempt(`${id} throughput`, () =>
      throughputPhase(TARGETS[id], config, runId, withSignin),
    );
    if (result) results.throughput[id] = result;
  }
}
if (has('idle') || has('storm')) {
  for (const id of config.targets.filter((target) => target !== 'ws-coalesce')) {
    const storm = id === 'ours' && has('storm');
    const result: ConnectionsResult | undefined = await attempt(`${id} connections`, () =>
      connectionsPhase(TARGETS[id], config, runId, storm),
    );
    if (result) results.connections[id] = result;
  }
}
if (has('startup') && config.targets.includes('ours')) {
  results.startup = (await attempt('npm start', () => startupPhase(config.quick ? 1 : 3))) ?? null;
}
if (has('history')) results.history = (await attempt('history', () => historyPhase(config))) ?? null;
if (has('scaling') && config.targets.includes('ours'))
  results.scaling = (await attempt('scaling', () => scalingPhase(config, runId))) ?? null;
if (has('restart') && config.targets.includes('ours'))
  results.restart = (await attempt('restart', () => restartPhase(config, runId))) ?? null;
if (has('search')) results.search = (await attempt('search', () => searchPhase(config))) ?? null;
results.meta.durationSeconds = Math.round((performance.now() - started) / 1000);

const files = writeResults(results, config.outDir);
log(`wrote ${files.join(', ')}`);
for (const check of checks(results)) {
  log(`${check.pass === null ? ' -- ' : check.pass ? 'PASS' : 'MISS'} ${check.goal}: ${check.measured}`);
}

/** --quick checks the harness, not the speed: at trivial load nothing may go missing. */
function harnessProblems(): string[] {
  // No PostgreSQL for the history phase is a missing database, not a broken harness: reported, not failed.
  const problems = results.errors
    .map((error) => error.split('\n')[0] as string)
    .filter((e) => !e.includes(HISTORY_UNREACHABLE) && !e.includes(SCALING_NEEDS_POSTGRES));
  for (const id of config.targets) {
    if (has('throughput')) {
      const step = results.throughput[id]?.steps[0];
      if (!step) problems.push(`${id}: no throughput step ran`);
      else {
        if (step.missing > 0 || step.deliveredPct < 100) problems.push(`${id}: ${step.missing} deliveries missing at ${step.rate} msg/s`);
        if (step.duplicates > 0) problems.push(`${id}: ${step.duplicates} duplicate deliveries`);
        if (step.acks !== step.sent) problems.push(`${id}: ${step.acks} acks for ${step.sent} messages`);
        if (Object.keys(step.errors).length > 0) problems.push(`${id}: errors ${JSON.stringify(step.errors)}`);
        if (step.e2e.count === 0 || step.probe.count === 0) problems.push(`${id}: no latency samples`);
      }
    }
    const connections = results.connections[id];
    if ((has('idle') || has('storm')) && id !== 'ws-coalesce' && !connections?.rssPerIdleConnectionKiB)
      problems.push(`${id}: no RSS figure`);
    if (connections?.storm && connections.storm.broadcast.missing > 0) problems.push(`${id}: storm broadcast lost messages`);
  }
  if (has('signin') && config.targets.includes('ours') && !results.throughput.ours?.signin)
    problems.push('ours: sign-in burst did not run');
  if (has('startup') && config.targets.includes('ours') && !results.startup?.npmStartMs.length) problems.push('npm start did not come up');
  if (results.history && !results.history.pages.every((page) => page.p99_ms > 0)) problems.push('history: pages without timings');
  for (const { shape, rows } of results.scaling?.shapes ?? []) {
    for (const row of rows) {
      if (!row.compare || row.compare.missing > 0 || row.compare.duplicates > 0 || row.compare.deliveredPct < 100)
        problems.push(`scaling (${shape}, ${row.processes} processes): deliveries missing or doubled`);
    }
  }
  for (const run of results.restart?.runs ?? []) {
    if (run.allCaughtUpMs === null) problems.push(`restart (${run.label}): not every client caught up`);
    if (run.duplicates + run.gaps > 0) problems.push(`restart (${run.label}): ${run.duplicates} duplicates, ${run.gaps} gaps`);
  }
  if (results.search && !results.search.every((run) => run.queries.every((q) => q.p99_ms > 0)))
    problems.push('search: queries without timings');
  return problems;
}

log(`done in ${results.meta.durationSeconds} s`);
if (config.quick) {
  const problems = harnessProblems();
  for (const problem of problems) log(`HARNESS PROBLEM: ${problem}`);
  log(problems.length === 0 ? 'quick run: harness OK' : `quick run: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
process.exit(results.errors.length === 0 ? 0 : 1);
