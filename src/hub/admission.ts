import { DomainError } from '../domain/errors.js';
import { signinSeconds, signinShed } from '../lib/metrics.js';
import { QueueFullError, Semaphore } from '../lib/semaphore.js';
import { DrainRate } from './drain-rate.js';

const MIN_RETRY_AFTER_MS = 250;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Admission for sign-ins and resumes. After a restart every client comes back
 * at once; each sign-in holds database connections for a few queries. Past
 * `concurrency` they wait in order; past `maxWaiting` waiting, a sign-in is
 * refused at once with `rate_limited` and a `retry_after_ms`.
 *
 * The refused get appointments, not one common wait: each is told to come back
 * one drain interval (1 / the measured rate at which sign-ins finish) after the
 * one refused before it. They then return at the pace the queue empties, so it
 * stays full without overflowing: the server never idles while clients wait,
 * and nobody is sent away twice by a herd returning at once.
 */
export class SignInAdmission {
  private readonly gate: Semaphore;
  private readonly drain: DrainRate;
  /** When the last refused sign-in was told to come back (ms, performance.now()). */
  private lastAppointment = 0;

  constructor(concurrency: number, maxWaiting: number) {
    this.gate = new Semaphore(concurrency, maxWaiting);
    this.drain = new DrainRate(concurrency);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const endWait = signinSeconds.startTimer();
    try {
      return await this.gate.run(async () => {
        const started = performance.now();
        try {
          return await task();
        } finally {
          this.drain.finished(performance.now() - started);
          endWait();
        }
      });
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      signinShed.inc();
      throw new DomainError('rate_limited', 'the server is busy signing people in; retry after the given time', this.retryAfterMs());
    }
  }

  /** The next free appointment, as a wait from now, with a floor and a ceiling. */
  retryAfterMs(now = performance.now()): number {
    const appointment = Math.max(now, this.lastAppointment) + this.drain.intervalMs(now);
    const wait = Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, appointment - now));
    this.lastAppointment = now + wait;
    return Math.round(wait);
  }
}
