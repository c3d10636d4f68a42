import { BenchClient, type Protocol } from '../loadgen/client.js';
import { Histogram, type LatencySummary, nowMicros } from './stats.js';

export interface ProbeSummary extends LatencySummary {
  /** Pings still unanswered when the window closed (counted in the figures with their age so far). */
  unanswered: number;
}

/**
 * The event-loop-delay proxy: an unsigned connection that sends `ping` every
 * 20 ms and times the `pong`. The server answers from its event loop, so the
 * round trip is the time a frame waits for the loop, plus ~0.1 ms of socket
 * and parsing. It never receives chat traffic.
 */
export class Probe {
  private readonly samples: Array<{ at: number; rtt: number }> = [];
  private readonly outstanding = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;

  private constructor(private readonly client: BenchClient) {
    client.onControl = (kind, payload) => {
      if (kind !== 'pong') return;
      const id = String(payload.request_id);
      const at = this.outstanding.get(id);
      if (at === undefined) return;
      this.outstanding.delete(id);
      this.samples.push({ at, rtt: nowMicros() - at });
    };
  }

  static async open(baseUrl: string, protocol: Protocol, intervalMs = 20): Promise<Probe> {
    const client = new BenchClient(baseUrl, protocol);
    if (!(await client.opened())) throw new Error(`probe could not connect to ${baseUrl}`);
    const probe = new Probe(client);
    probe.timer = setInterval(() => probe.ping(), intervalMs);
    return probe;
  }

  /** Round trips of the pings sent between `from` and `to` (µs, CLOCK_MONOTONIC). */
  window(from: number, to: number = nowMicros()): ProbeSummary {
    const histogram = new Histogram();
    for (const sample of this.samples) if (sample.at >= from && sample.at <= to) histogram.record(sample.rtt);
    let unanswered = 0;
    const now = nowMicros();
    for (const at of this.outstanding.values()) {
      if (at < from || at > to) continue;
      unanswered += 1;
      histogram.record(now - at);
    }
    return { ...histogram.summary(), unanswered };
  }

  close(): void {
    clearInterval(this.timer);
    this.client.close();
  }

  private ping(): void {
    const id = String(this.seq++);
    this.outstanding.set(id, nowMicros());
    this.client.send('ping', { request_id: id });
    // Keep memory bounded on long runs: forget samples older than ten minutes.
    if (this.samples.length > 40_000) this.samples.splice(0, 10_000);
  }
}
