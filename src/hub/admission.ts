import { DomainError } from '../domain/errors.js';
import { signinSeconds, signinShed } from '../lib/metrics.js';
import { QueueFullError, Semaphore } from '../lib/semaphore.js';

/** A sign-in is expected to take at least this long when nothing has been measured yet. */
const FIRST_ESTIMATE_MS = 20;
const MIN_RETRY_AFTER_MS = 500;
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Admission for sign-ins and resumes. After a restart every client comes back
 * at once; each sign-in holds database connections for a few queries. Past
 * `concurrency` they wait in order; past `maxWaiting` waiting, a sign-in is
 * refused at once with `rate_limited` and a `retry_after_ms` long enough for
 * the queue ahead of it to drain, so the server sheds the storm instead of
 * queueing it without bound (memory, and answers too late to be of use).
 */
export class SignInAdmission {
  private readonly gate: Semaphore;
  /** Moving average of how long an admitted sign-in takes, in ms. */
  private averageMs = FIRST_ESTIMATE_MS;

  constructor(
    private readonly concurrency: number,
    maxWaiting: number,
  ) {
    this.gate = new Semaphore(concurrency, maxWaiting);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const endWait = signinSeconds.startTimer();
    try {
      return await this.gate.run(async () => {
        const started = performance.now();
        try {
          return await task();
        } finally {
          this.averageMs = 0.9 * this.averageMs + 0.1 * (performance.now() - started);
          endWait();
        }
      });
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      signinShed.inc();
      throw new DomainError('rate_limited', 'the server is busy signing people in; retry after the given time', this.retryAfterMs());
    }
  }

  /** The time the sign-ins waiting now need to go through, with a floor and a ceiling. */
  retryAfterMs(): number {
    const drainMs = ((this.gate.queued + 1) * this.averageMs) / this.concurrency;
    return Math.round(Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, drainMs)));
  }
}
