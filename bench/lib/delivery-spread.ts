import type { DeliveryReport } from '../loadgen/tracker.js';
import { Histogram, type LatencySummary } from './stats.js';

/** Over every message of a step: when its first receiver got it, when its last did, and the time between. */
export interface DeliverySpread {
  first: LatencySummary;
  last: LatencySummary;
  spread: LatencySummary;
}

/**
 * Splits the end-to-end latency in two. The first delivery of a message bounds what the server spent
 * on it (read, commit, the wait for a flush) plus one receiver's wake-up; the spread after it is the
 * flush's walk over the sockets and the receivers' own processing, which on a shared machine is
 * mostly the generators'. Each generator process reports its own first and last per message.
 */
export function deliverySpread(reports: DeliveryReport[]): DeliverySpread | null {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const keep = (into: Map<string, number>, perSender: Array<Array<number | null>>, better: (a: number, b: number) => boolean) => {
    for (const [sender, perMessage] of perSender.entries()) {
      for (const [n, micros] of perMessage.entries()) {
        const key = `${sender}:${n}`;
        const known = into.get(key);
        if (micros !== null && micros !== undefined && (known === undefined || better(micros, known))) into.set(key, micros);
      }
    }
  };
  for (const report of reports) {
    keep(first, report.firstMicros, (a, b) => a < b);
    keep(last, report.lastMicros, (a, b) => a > b);
  }
  if (first.size === 0) return null;
  const firsts = new Histogram();
  const lasts = new Histogram();
  const spreads = new Histogram();
  for (const [key, micros] of first) {
    const latest = last.get(key) as number;
    firsts.record(micros);
    lasts.record(latest);
    spreads.record(latest - micros);
  }
  return { first: firsts.summary(), last: lasts.summary(), spread: spreads.summary() };
}
