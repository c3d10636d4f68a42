import { rmSync } from 'node:fs';
import type { BenchConfig } from '../lib/config.js';
import { endProgress, log, progress } from '../lib/log.js';
import { freePort, sleep } from '../lib/proc.js';
import { ServerProcess } from '../lib/server-process.js';
import { Histogram, type LatencySummary, round } from '../lib/stats.js';
import { SERVER_ROOT, TARGETS } from '../lib/targets.js';
import { Worker } from '../lib/workers.js';
import { type StormCpu, startCpuCounters } from '../restart/cpu-counters.js';
import type { StormStatus } from '../restart/ipc.js';
import { seedStorm } from '../restart/seed.js';
import { Reachability, StormClient } from '../restart/storm-client.js';

const STORM_WORKER = new URL('../restart/storm-worker.ts', import.meta.url).pathname;
const SCHEMA = 'bench_restart';
const DATA_DIR = new URL('../.data/pglite-restart', import.meta.url).pathname;
const GIVE_UP_MS = 180_000;

export interface RestartRun {
  label: string;
  /** SIGTERM to exit, and the new process's spawn to listening. */
  stopMs: number;
  startMs: number;
  /** From the new process's spawn: every client resumed, and every client holding every message. */
  allLiveMs: number | null;
  allCaughtUpMs: number | null;
  peakRssMiB: number;
  refusals: Record<string, number>;
  gaveUp: number;
  duplicates: number;
  gaps: number;
  resumeLatency: LatencySummary;
  /** Messages posted (with client_id) from the SIGTERM on; acknowledged ones must reach every member. */
  posted: number;
  /** The longest a storm worker's event loop stalled, and the longest the bench waited for all workers' status (ms). */
  generatorStallMs: number;
  statusWaitMs: number;
  acked: number;
  /** CPU seconds from the spawn until all caught up: where the storm's work went on the shared machine. */
  cpu: StormCpu;
}

export interface RestartResult {
  clients: number;
  rooms: number;
  runs: RestartRun[];
}

const sum = (statuses: StormStatus[], pick: (status: StormStatus) => number) => statuses.reduce((total, s) => total + pick(s), 0);

/**
 * Reconnect storm after a deploy: `clients` signed-in clients (seeded), the
 * server stopped with SIGTERM and started again; every client resumes with
 * its token as the web page would. Run twice: alone, and with 50 people
 * posting while the server restarts.
 */
export async function restartPhase(config: BenchConfig, runId: string): Promise<RestartResult> {
  const clients = config.restartClients;
  const rooms = Math.max(50, Math.round(clients / 100));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) rmSync(DATA_DIR, { recursive: true, force: true });
  else await dropSchema(databaseUrl);
  log(`[restart] seeding ${clients} signed-in users in ${rooms} rooms`);
  const accounts = await seedStorm({ serverRoot: SERVER_ROOT, databaseUrl, schema: SCHEMA, dataDir: DATA_DIR, users: clients, rooms });
  const port = await freePort();
  const spec = TARGETS.ours.spec(port, 'restart');
  spec.env = { ...spec.env, DATABASE_SCHEMA: SCHEMA, DATA_DIR };
  let server = await ServerProcess.start(spec);
  const url = `ws://127.0.0.1:${port}`;
  const workers = Array.from({ length: Math.max(config.workers, Math.ceil(clients / 5000)) }, (_, i) =>
    Worker.start(`storm-${i + 1}`, runId, STORM_WORKER),
  );
  const result: RestartResult = { clients, rooms, runs: [] };
  const status = (targets: Record<number, number>) =>
    Promise.all(workers.map((worker) => worker.request<StormStatus>({ cmd: 'status', targets })));
  try {
    await Promise.all(
      workers.map((worker, index) =>
        worker.request({
          cmd: 'start',
          url,
          accounts: accounts.filter((_, i) => i % workers.length === index),
          concurrency: 32,
        }),
      ),
    );
    await waitFor(async () => sum(await status({}), (s) => s.live) === clients, 'first sign-in');
    // The smoke run (--quick) keeps to the run with people posting: it exercises the most in the least time.
    for (const posting of config.quick ? [50] : [0, 50]) {
      const run = await restartOnce(posting);
      result.runs.push(run);
      log(
        `[restart] ${run.label}: stop ${run.stopMs} ms, start ${run.startMs} ms, all resumed ${run.allLiveMs} ms, ` +
          `all caught up ${run.allCaughtUpMs} ms, peak RSS ${run.peakRssMiB} MiB, refusals ${JSON.stringify(run.refusals)}, ` +
          `gave up ${run.gaveUp}, duplicates ${run.duplicates}, gaps ${run.gaps}, resume p50/p99 ${run.resumeLatency.p50}/${run.resumeLatency.p99} ms, ` +
          `generator loop stalled up to ${run.generatorStallMs} ms, status waited up to ${run.statusWaitMs} ms, ` +
          `CPU s server ${run.cpu.server} / PostgreSQL ${run.cpu.postgres ?? '-'} / generators ${run.cpu.generators}, machine ${run.cpu.machineBusyPct} % busy`,
      );
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.exit()));
    await server.stop();
  }
  return result;

  async function restartOnce(posting: number): Promise<RestartRun> {
    const before = await status({});
    const reachability = new Reachability();
    const posters = accounts.slice(0, posting).map((account) => new StormClient(url, account, ignoreEvents, reachability));
    const stop = server.stop();
    posters.forEach((poster, index) => {
      void poster.connect();
      poster.postOnce(`posted during restart ${index}`, `restart-${runId}-${index}`);
    });
    const stopMs = (await stop).ms;
    const spawned = performance.now();
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, server.alive ? server.rssKiB() : 0);
    }, 200);
    const cpuCounters = startCpuCounters(workers, Boolean(databaseUrl));
    server = await ServerProcess.start(spec);
    const startMs = round(performance.now() - spawned);
    let allLiveMs: number | null = null;
    let allCaughtUpMs: number | null = null;
    const latency = new Histogram();
    let last: StormStatus[] = [];
    let generatorStallMs = 0;
    let statusWaitMs = 0;
    while (performance.now() - spawned < GIVE_UP_MS) {
      const targets: Record<number, number> = {};
      for (const poster of posters) if (poster.posted !== undefined) targets[poster.account.roomId] = poster.posted;
      const asked = performance.now();
      last = await status(targets);
      statusWaitMs = Math.max(statusWaitMs, Math.round(performance.now() - asked));
      generatorStallMs = Math.max(generatorStallMs, ...last.map((s) => s.loopStallMs));
      for (const s of last) latency.merge(s.resumeLatency);
      const live = sum(last, (s) => s.live);
      const caughtUp = sum(last, (s) => s.caughtUp);
      const elapsed = round(performance.now() - spawned);
      if (allLiveMs === null && live === clients) allLiveMs = elapsed;
      if (posters.every((poster) => poster.posted !== undefined) && caughtUp === clients) {
        allCaughtUpMs = elapsed;
        break;
      }
      progress(
        `  [restart] ${posting ? `${posting} posting: ` : ''}${live}/${clients} resumed (${last.map((s) => s.live).join(' + ')}), ` +
          `${caughtUp} caught up, ${Math.round(elapsed / 1000)} s`,
      );
      server.assertAlive();
      await sleep(250);
    }
    endProgress();
    clearInterval(sampler);
    const cpu = cpuCounters.read(server);
    for (const poster of posters) poster.close();
    const delta = (pick: (status: StormStatus) => number) => sum(last, pick) - sum(before, pick);
    const refusals: Record<string, number> = {};
    for (const s of last) for (const [reason, n] of Object.entries(s.refusals)) refusals[reason] = (refusals[reason] ?? 0) + n;
    for (const s of before) for (const [reason, n] of Object.entries(s.refusals)) refusals[reason] = (refusals[reason] ?? 0) - n;
    return {
      label: posting ? `restart, ${posting} messages posted during it` : 'restart',
      stopMs,
      startMs,
      allLiveMs,
      allCaughtUpMs,
      peakRssMiB: round(peakRss / 1024, 1),
      refusals: Object.fromEntries(Object.entries(refusals).filter(([, n]) => n > 0)),
      gaveUp: delta((s) => s.gaveUp),
      duplicates: delta((s) => s.duplicates),
      gaps: delta((s) => s.gaps),
      resumeLatency: latency.summary(),
      posted: posters.length,
      acked: posters.filter((poster) => poster.posted !== undefined).length,
      generatorStallMs,
      statusWaitMs,
      cpu,
    };
  }
}

const ignoreEvents = { resumed: () => {}, refused: () => {}, dropped: () => {} };

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > GIVE_UP_MS) throw new Error(`restart: ${what} did not finish within ${GIVE_UP_MS / 1000} s`);
    await sleep(500);
  }
}

async function dropSchema(databaseUrl: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${SCHEMA} cascade`);
  } finally {
    await client.end();
  }
}

/** The goal: every client caught up within 30 s of the restart, none refused except by rate limiting it then retries. */
export function restartCheck(restart: RestartResult | null, clients: number) {
  const runs = restart?.runs ?? [];
  const worst = Math.max(...runs.map((run) => run.allCaughtUpMs ?? Number.POSITIVE_INFINITY));
  const clean = runs.every((run) => run.gaveUp === 0 && run.duplicates === 0 && run.gaps === 0 && run.acked === run.posted);
  return {
    goal: `${clients} clients resume after SIGTERM + restart, all caught up < 30 s, nobody refused for good`,
    measured: restart
      ? runs
          .map((run) => `${run.label}: ${run.allCaughtUpMs ?? 'not'} ms, gave up ${run.gaveUp}, dup ${run.duplicates}, gaps ${run.gaps}`)
          .join('; ')
      : 'n/a',
    pass: restart ? runs.length > 0 && clean && worst < 30_000 : null,
  };
}

export function restartMarkdown(restart: RestartResult): string[] {
  const rows = restart.runs.map(
    (run) =>
      `| ${run.label} | ${run.stopMs} | ${run.startMs} | ${run.allLiveMs ?? 'not'} | ${run.allCaughtUpMs ?? 'not'} | ${run.peakRssMiB} | ` +
      `${run.resumeLatency.p50} / ${run.resumeLatency.p99} | ${JSON.stringify(run.refusals)} | ${run.gaveUp} | ${run.duplicates} | ${run.gaps} | ${run.acked}/${run.posted} | ` +
      `${run.generatorStallMs} / ${run.statusWaitMs} | ${run.cpu.server} / ${run.cpu.postgres ?? '-'} / ${run.cpu.generators} | ${run.cpu.machineBusyPct} |`,
  );
  return [
    '',
    '## Reconnect storm after a restart',
    '',
    `${restart.clients} signed-in clients in ${restart.rooms} rooms, each reconnecting with the web page's jittered backoff and ` +
      "`resume {token, since_seq}`; the server stopped with SIGTERM and started again. Times from the new process's spawn.",
    '',
    '| run | stop ms | start ms | all resumed ms | all caught up ms | peak RSS MiB | resume p50 / p99 ms | refusals (retried) | gave up | duplicates | gaps | posted acked | generator loop stall / status wait ms | CPU s: server / PostgreSQL / generators | machine busy % |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
}
