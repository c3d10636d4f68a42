import { round } from './stats.js';

/**
 * What our server says about itself over a step, read from its own GET /metrics (the instruments in
 * src/lib/metrics.ts): where the time between send and delivery goes inside the process. The event-loop
 * delay comes from Node's `monitorEventLoopDelay`, which prom-client resets at every scrape, so a scrape
 * at the start of a step and one at its end give that step's delay alone.
 */
export interface ServerPhases {
  /** How late the event loop ran timers (ms): the wait any frame has before the server even reads it. */
  loopDelay: { p50: number; p99: number; max: number };
  commits: number;
  /** Messages per group commit. */
  batchMean: number | null;
  /** One group commit, start to result (ms): mean, and the bucket bound under which 99 % fell. */
  commitMeanMs: number | null;
  commitP99Ms: number | null;
  flushes: number;
  /** One fan-out flush, the time it holds the event loop (ms). */
  flushMeanMs: number | null;
  flushP99Ms: number | null;
}

export const BENCH_METRICS_TOKEN = 'bench-metrics-token-not-secret';

type Samples = Map<string, number>;

/** The Prometheus text format's samples, by `name{labels}` as written. */
export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** The server's samples now, or null when it does not answer (an older server without METRICS_TOKEN). */
export async function scrape(baseUrl: string, token = BENCH_METRICS_TOKEN): Promise<Samples | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(2000),
    });
    return response.ok ? parseSamples(await response.text()) : null;
  } catch {
    return null;
  }
}

const delta = (before: Samples, after: Samples, name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

/** The smallest bucket bound (ms) under which 99 % of the step's observations fell. */
function bucketP99Ms(before: Samples, after: Samples, histogram: string): number | null {
  const count = delta(before, after, `${histogram}_count`);
  if (count <= 0) return null;
  const bounds = [...after.keys()]
    .filter((key) => key.startsWith(`${histogram}_bucket{le="`) && !key.includes('+Inf'))
    .map((key) => ({ key, le: Number(key.slice(key.indexOf('"') + 1, key.lastIndexOf('"'))) }))
    .sort((a, b) => a.le - b.le);
  for (const { key, le } of bounds) if (delta(before, after, key) >= 0.99 * count) return round(le * 1000, 2);
  return null;
}

function meanMs(before: Samples, after: Samples, histogram: string): number | null {
  const count = delta(before, after, `${histogram}_count`);
  return count > 0 ? round((1000 * delta(before, after, `${histogram}_sum`)) / count, 2) : null;
}

export function serverPhases(before: Samples, after: Samples): ServerPhases {
  const lagMs = (name: string) => round(1000 * (after.get(`chat_nodejs_eventloop_lag_${name}_seconds`) ?? 0), 2);
  const commits = delta(before, after, 'chat_commit_seconds_count');
  const batched = delta(before, after, 'chat_commit_batch_size_sum');
  return {
    loopDelay: { p50: lagMs('p50'), p99: lagMs('p99'), max: lagMs('max') },
    commits,
    batchMean: commits > 0 ? round(batched / commits, 1) : null,
    commitMeanMs: meanMs(before, after, 'chat_commit_seconds'),
    commitP99Ms: bucketP99Ms(before, after, 'chat_commit_seconds'),
    flushes: delta(before, after, 'chat_fanout_flush_seconds_count'),
    flushMeanMs: meanMs(before, after, 'chat_fanout_flush_seconds'),
    flushP99Ms: bucketP99Ms(before, after, 'chat_fanout_flush_seconds'),
  };
}
