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

/** Counts events per key in fixed windows; used for failed sign-ins per nickname and per address. */
export class WindowCounter {
  private readonly counts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** True while the key is still under its limit in the current window. */
  allows(key: string, now = Date.now()): boolean {
    const entry = this.counts.get(key);
    return !entry || entry.resetAt <= now || entry.count < this.limit;
  }

  record(key: string, now = Date.now()): void {
    const entry = this.counts.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.counts.size > 100_000) this.prune(now);
      this.counts.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count += 1;
    }
  }

  /** Takes back one event recorded in the current window (an attempt that turned out fine). */
  forgive(key: string, now = Date.now()): void {
    const entry = this.counts.get(key);
    if (entry && entry.resetAt > now && entry.count > 0) entry.count -= 1;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.counts) if (entry.resetAt <= now) this.counts.delete(key);
  }
}
