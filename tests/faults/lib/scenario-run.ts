import { scenarioDir } from './chat-process.js';
import { countMessages } from './checker.js';
import type { Crowd } from './crowd.js';
import type { ScenarioDatabase } from './databases.js';
import { type Check, check, messageChecks, percentile, type ScenarioReport } from './report.js';
import type { Scale } from './scale.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A random pause in [min, max) ms, so faults do not line up with the senders' ticks. */
export const jitter = (min: number, max: number) => sleep(min + Math.random() * (max - min));

/** Milliseconds until `ready()` holds, polled every 50 ms; undefined when `timeoutMs` passes first. */
export async function waitUntil(ready: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (ready()) return Math.round(performance.now() - started);
    await sleep(50);
  }
  return undefined;
}

/** One scenario in progress: its id and size, its log folder and its database. */
export interface ScenarioRun {
  id: string;
  scale: Scale;
  logDir: string;
  startedAt: number;
  db: ScenarioDatabase;
}

export async function beginScenario(id: string, scale: Scale, database: () => Promise<ScenarioDatabase>): Promise<ScenarioRun> {
  const startedAt = performance.now();
  const logDir = scenarioDir(id);
  return { id, scale, logDir, startedAt, db: await database() };
}

export interface Ending {
  title: string;
  crowd: Crowd;
  /** Everything to stop before the database is read: servers, cluster, nginx. */
  servers: Array<{ stop(): Promise<void> }>;
  metrics?: Record<string, number | string>;
  checks?: Check[];
  settleTimeoutMs?: number;
}

/**
 * The end every scenario shares: let the traffic settle, stop clients and servers (PGlite can only be
 * read once no server holds it), read the database and count.
 */
export async function conclude(run: ScenarioRun, end: Ending): Promise<ScenarioReport> {
  const settleTimeoutMs = end.settleTimeoutMs ?? 30_000;
  const settledMs = await end.crowd.settle(settleTimeoutMs);
  end.crowd.stop();
  for (const server of end.servers) await server.stop();
  const counts = countMessages(end.crowd.senders, end.crowd.readers, await run.db.messages());
  const resent = end.crowd.senders.reduce(
    (sum, s) => sum + [...s.attempts.values()].reduce((n, a) => n + Math.max(0, a.transmissions - 1), 0),
    0,
  );
  const failovers = end.crowd.failovers();
  return {
    id: run.id,
    title: end.title,
    store: run.db.label,
    scale: run.scale.name,
    counts,
    metrics: {
      ...end.metrics,
      're-sent': resent,
      ...(failovers.length > 0 ? { 'reconnect p95 ms': percentile(failovers, 95) } : {}),
    },
    checks: [
      ...messageChecks(counts),
      check(
        `settles within ${settleTimeoutMs / 1000} s of the end`,
        settledMs !== undefined,
        settledMs === undefined ? 'timed out' : `${settledMs} ms`,
      ),
      ...(end.checks ?? []),
    ],
    durationS: Math.round((performance.now() - run.startedAt) / 1000),
    logDir: run.logDir,
  };
}
