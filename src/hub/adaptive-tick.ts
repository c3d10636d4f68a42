/** The share of the time flushes may take before the tick grows. */
const BUSY_SHARE = 0.2;

/**
 * How long the fan-out waits between flushes. A flush costs a write per socket per room, whatever
 * the number of messages it carries, so under load a longer tick means fuller frames and fewer
 * syscalls for the same deliveries: the loop stays free for acks and commits, which is where the
 * tail latency came from. The tick is the one that would keep flushing at BUSY_SHARE of the time,
 * between the configured minimum (quiet rooms: no added latency) and maximum; it moves a third
 * of the way per flush, so one slow flush (a GC pause) does not swing it.
 */
export class AdaptiveTick {
  private current: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.current = minMs;
  }

  get ms(): number {
    return this.current;
  }

  /**
   * After a flush that took `flushMs`, `sinceLastMs` after the one before started. Only flushes that
   * follow each other at the tick (the loop under sustained load) can lengthen it: a flush after a
   * quiet spell, however long (a thousand sockets take milliseconds), is no reason to hold the next
   * message back.
   */
  observe(flushMs: number, sinceLastMs: number): void {
    if (this.maxMs <= this.minMs) return;
    const sustained = sinceLastMs <= 1.5 * this.current;
    const wanted = sustained ? Math.min(this.maxMs, Math.max(this.minMs, flushMs / BUSY_SHARE)) : this.minMs;
    this.current += (wanted - this.current) / 3;
  }
}
