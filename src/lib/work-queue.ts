export interface WorkQueueOptions {
  /** Items waiting or running; past it new items are refused (the caller counts the drop). */
  maxSize: number;
  concurrency: number;
  /** Delay before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  onError(error: unknown): void;
}

export type WorkOutcome = 'done' | 'retry';

interface Entry<T> {
  item: T;
  attempt: number;
}

/**
 * Side work off the request path (sending pushes): bounded in size and in
 * concurrency, retried with backoff, never blocking whoever queued it.
 */
export class WorkQueue<T> {
  private readonly waiting: Entry<T>[] = [];
  private running = 0;
  private delayed = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly work: (item: T) => Promise<WorkOutcome>,
    private readonly options: WorkQueueOptions,
  ) {}

  /** Waiting, running and waiting to retry. */
  get depth(): number {
    return this.waiting.length + this.running + this.delayed;
  }

  /** False when the queue is full and the item was not taken. */
  push(item: T): boolean {
    if (this.depth >= this.options.maxSize) return false;
    this.waiting.push({ item, attempt: 0 });
    this.pump();
    return true;
  }

  /** Forgets everything not yet started (shutdown). */
  clear(): void {
    this.waiting.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.delayed = 0;
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift() as Entry<T>;
      this.running += 1;
      this.work(entry.item)
        .catch((error: unknown): WorkOutcome => {
          this.options.onError(error);
          return 'retry';
        })
        .then((outcome) => {
          this.running -= 1;
          if (outcome === 'retry') this.retryLater(entry);
          this.pump();
        });
    }
  }

  private retryLater(entry: Entry<T>): void {
    const delay = this.options.retryDelaysMs[entry.attempt];
    if (delay === undefined) return;
    this.delayed += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed -= 1;
      this.waiting.push({ item: entry.item, attempt: entry.attempt + 1 });
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
