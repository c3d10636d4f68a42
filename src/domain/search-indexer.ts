import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { backfillSearchVectors } from '../storage/search.js';

const BATCH = 2_000;
/** Between batches: the backfill yields the database to the chat instead of holding it. */
const PAUSE_MS = 50;

/**
 * Fills the search vectors of messages written before the search migration, newest first, in
 * small batches while the server runs (an upgrade never rewrites the table in one go). New and
 * edited messages never wait for it: the trigger indexes them as they are written. Several
 * processes may run it at once; a batch only touches rows still empty, so the work is not repeated
 * for long.
 */
export class SearchIndexer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  /** Rows filled since start, for the log. */
  filled = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (error: unknown) => void,
    private readonly onDone: (filled: number) => void = () => {},
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs batches until nothing is left; resolves with the rows filled (for tests and the bench). */
  async drain(): Promise<number> {
    let total = 0;
    for (let filled = await backfillSearchVectors(this.db, BATCH); filled > 0; filled = await backfillSearchVectors(this.db, BATCH))
      total += filled;
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.batch().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async batch(): Promise<void> {
    try {
      const filled = await backfillSearchVectors(this.db, BATCH);
      this.filled += filled;
      if (filled === 0) return this.onDone(this.filled);
      this.schedule(PAUSE_MS);
    } catch (error) {
      this.onError(error);
      // The database may be restarting: try again later rather than give up on the old messages.
      this.schedule(30_000);
    }
  }
}
