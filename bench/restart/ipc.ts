import type { HistogramJson } from '../lib/stats.js';
import type { StormAccount } from './seed.js';

export type StormCommand =
  | { cmd: 'start'; url: string; accounts: StormAccount[]; concurrency: number }
  /** `targets`: per room, the seq a client must hold to count as caught up. */
  | { cmd: 'status'; targets: Record<number, number> }
  | { cmd: 'exit' };

export interface StormStatus {
  clients: number;
  /** Signed in again (resume allowed) and told `resumed` on the current socket. */
  live: number;
  /** Live and holding every message up to its room's target seq. */
  caughtUp: number;
  /** Resume refusals by reason (retryable ones are retried), and sockets that closed or failed to open. */
  refusals: Record<string, number>;
  drops: number;
  /** A refusal that is not retryable (e.g. invalid_token): the client stopped. */
  gaveUp: number;
  duplicates: number;
  gaps: number;
  /** From opening the socket to `resumed`, for each successful resume since the last status. */
  resumeLatency: HistogramJson;
  /** The longest the worker's own event loop stalled since the last status (ms): the generator, not the server. */
  loopStallMs: number;
}
