import { countMessages } from './checker.js';
import type { Crowd } from './crowd.js';
import type { ScenarioDatabase } from './databases.js';
import { type Check, check, messageChecks, percentile, type ScenarioReport } from './report.js';

export interface Conclusion {
  id: string;
  title: string;
  scale: string;
  db: ScenarioDatabase;
  crowd: Crowd;
  /** Everything to stop before the database is read: servers, cluster, nginx. */
  servers: Array<{ stop(): Promise<void> }>;
  logDir: string;
  startedAt: number;
  metrics?: Record<string, number | string>;
  checks?: Check[];
  settleTimeoutMs?: number;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A random pause in [min, max) ms, so faults do not line up with the senders' ticks. */
export const jitter = (min: number, max: number) => sleep(min + Math.random() * (max - min));

/**
 * The end every scenario shares: let the traffic settle, stop clients and servers (PGlite can only be
 * read once no server holds it), read the database and count.
 */
export async function conclude(c: Conclusion): Promise<ScenarioReport> {
  const settleTimeoutMs = c.settleTimeoutMs ?? 30_000;
  const settledMs = await c.crowd.settle(settleTimeoutMs);
  c.crowd.stop();
  for (const server of c.servers) await server.stop();
  const counts = countMessages(c.crowd.senders, c.crowd.readers, await c.db.messages());
  const transmissions = c.crowd.senders.reduce((sum, s) => sum + [...s.attempts.values()].reduce((n, a) => n + a.transmissions, 0), 0);
  const failovers = c.crowd.failovers();
  return {
    id: c.id,
    title: c.title,
    store: c.db.label,
    scale: c.scale,
    counts,
    metrics: {
      ...c.metrics,
      're-sent': transmissions - counts.attempted,
      ...(failovers.length > 0 ? { 'reconnect p95 ms': percentile(failovers, 95) } : {}),
    },
    checks: [
      ...messageChecks(counts),
      check(
        `settles within ${settleTimeoutMs / 1000} s of the end`,
        settledMs !== undefined,
        settledMs === undefined ? 'timed out' : `${settledMs} ms`,
      ),
      ...(c.checks ?? []),
    ],
    durationS: Math.round((performance.now() - c.startedAt) / 1000),
    logDir: c.logDir,
  };
}
