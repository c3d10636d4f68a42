export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

/** At most `limit` holders at once; up to `maxWaiting` more wait in arrival order, beyond that a call fails fast. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  /** Callers waiting for a place now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) {
      this.active += 1;
    } else {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFullError(`more than ${this.maxWaiting} waiting`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
