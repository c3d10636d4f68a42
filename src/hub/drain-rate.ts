/** A sign-in is expected to take at least this long when nothing has been measured yet. */
const FIRST_ESTIMATE_MS = 20;
/** Completions are counted over this window; shorter reacts faster, longer is steadier. */
const WINDOW_MS = 2_000;

/**
 * How fast admitted sign-ins finish: the time between two completions, on average. Measured from the
 * completions of the last two seconds while there are enough of them. Before that, an optimistic guess:
 * the moving average of one sign-in's duration, but never more than FIRST_ESTIMATE_MS, over how many run
 * at once. The first instants of a storm are when most clients are turned away, and a sign-in's duration
 * then (the event loop busy with thousands of handshakes) says little about the pace a second later:
 * appointments planned from it were spread up to a minute ahead while the server sat idle (a restart
 * storm of 10 000 resumed at 20/s for 40 s). A client that comes back too early is simply given a new
 * appointment, planned from measured completions by then.
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
    // A handful of completions says little (a quiet server, or the first instants of a storm).
    if (this.recent.length < 2 * this.concurrency) return Math.min(this.averageMs, FIRST_ESTIMATE_MS) / this.concurrency;
    // While the gate is not full, completions understate the pace it could keep; the durations do not.
    return Math.min(this.averageMs / this.concurrency, WINDOW_MS / this.recent.length);
  }

  private forget(now: number): void {
    const cutoff = now - WINDOW_MS;
    let stale = 0;
    while (stale < this.recent.length && (this.recent[stale] as number) < cutoff) stale += 1;
    if (stale > 0) this.recent.splice(0, stale);
  }
}
