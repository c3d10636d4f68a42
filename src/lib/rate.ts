/**
 * A token bucket kept as two numbers, so one per connection stays cheap at
 * thousands of connections: `ratePerSecond` tokens refill, at most `burst`.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  take(now = Date.now()): boolean {
    const refill = ((now - this.updatedAt) / 1000) * this.ratePerSecond;
    this.tokens = Math.min(this.burst, this.tokens + refill);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface Window {
  count: number;
  endsAt: number;
  /** How many windows in a row (give or take) reached the limit: the next window lasts 2^strikes × the base. */
  strikes: number;
}

/**
 * Counts events per key in fixed windows (failed sign-ins, sign-ups, room
 * creations). With `maxWindowMs` above `windowMs` the brake grows: a window
 * in which the key reached its limit makes the key's next window twice as
 * long (same limit, so half the rate), up to `maxWindowMs`; a quiet spell
 * as long as a window halves it again, and one of `maxWindowMs` starts over.
 */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();
  private nextPruneAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxWindowMs = windowMs,
  ) {}

  /** Events recorded for the key in its current window. */
  count(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    return window && window.endsAt > now ? window.count : 0;
  }

  /** True while the key is still under its limit in the current window. */
  allows(key: string, now = Date.now()): boolean {
    return this.count(key, now) < this.limit;
  }

  record(key: string, now = Date.now()): void {
    const window = this.windows.get(key);
    if (window && window.endsAt > now) {
      window.count += 1;
      return;
    }
    if (this.windows.size > 100_000 && now >= this.nextPruneAt) this.prune(now);
    const strikes = window ? this.nextStrikes(window, now) : 0;
    const length = Math.min(this.windowMs * 2 ** strikes, this.maxWindowMs);
    this.windows.set(key, { count: 1, endsAt: now + length, strikes });
  }

  /** Takes back one event recorded in the current window (an attempt that turned out fine). */
  forgive(key: string, now = Date.now()): void {
    const window = this.windows.get(key);
    if (window && window.endsAt > now && window.count > 0) window.count -= 1;
  }

  private nextStrikes(previous: Window, now: number): number {
    const quietFor = now - previous.endsAt;
    if (this.maxWindowMs <= this.windowMs || quietFor >= this.maxWindowMs) return 0;
    if (previous.count >= this.limit) return Math.min(previous.strikes + 1, Math.ceil(Math.log2(this.maxWindowMs / this.windowMs)));
    // Only a quiet spell as long as a window eases the brake: staying just under the limit does not.
    return quietFor >= this.windowMs * 2 ** previous.strikes ? Math.max(previous.strikes - 1, 0) : previous.strikes;
  }

  /** At most once a second: a spray of fresh keys must not make every record walk the whole map. */
  private prune(now: number): void {
    this.nextPruneAt = now + 1_000;
    // A key past its window and quiet for maxWindowMs would start over anyway.
    for (const [key, window] of this.windows) if (window.endsAt + this.maxWindowMs <= now) this.windows.delete(key);
  }
}
