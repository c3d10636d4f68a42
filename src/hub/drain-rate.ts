/** A sign-in is expected to take at least this long when nothing has been measured yet. */
const FIRST_ESTIMATE_MS = 20;
/** Completions are counted over this window; shorter reacts faster, longer is steadier. */
const WINDOW_MS = 2_000;

/**
 * How fast admitted sign-ins finish: the time between two completions, on average. Measured from the
 * completions of the last two seconds while there are enough of them; before that, estimated from the
 * moving average of one sign-in's duration and how many run at once.
 */
export class DrainRate {
  private averageMs = FIRST_ESTIMATE_MS;
  private readonly recent: number[] = [];

  constructor(private readonly concurrency: number) {}

  finished(durationMs: number, now = performance.now()): void {
    this.averageMs = 0.9 * this.averageMs + 0.1 * durationMs;
    this.recent.push(now);
    this.forget(now);
  }

  /** Milliseconds between two completions at the current pace. */
  intervalMs(now = performance.now()): number {
    this.forget(now);
    const estimate = this.averageMs / this.concurrency;
    // A handful of completions says little (a quiet server, or the first instants of a storm).
    if (this.recent.length < 2 * this.concurrency) return estimate;
    return Math.min(estimate, WINDOW_MS / this.recent.length);
  }

  private forget(now: number): void {
    const cutoff = now - WINDOW_MS;
    let stale = 0;
    while (stale < this.recent.length && (this.recent[stale] as number) < cutoff) stale += 1;
    if (stale > 0) this.recent.splice(0, stale);
  }
}
