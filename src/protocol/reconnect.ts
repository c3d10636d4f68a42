/**
 * How a client spreads its retries, shared by the web client and the load
 * generators so what the benchmark measures is what browsers do.
 *
 * Waits before the 1st, 2nd, … attempt after a drop: short at first, because most outages are a
 * restart or a network blip of a second or two, then growing to a ceiling so a long outage costs
 * the server little. Each wait is jittered by ±20 % so a restarted server is not hit by every
 * client at once.
 */
export const RECONNECT_BACKOFF_MS = [250, 250, 500, 500, 1_000, 1_000, 2_000, 3_000, 5_000, 8_000, 12_000, 15_000] as const;

export function backoffDelay(attempt: number, random = Math.random()): number {
  const base = RECONNECT_BACKOFF_MS[Math.min(attempt, RECONNECT_BACKOFF_MS.length - 1)] as number;
  return Math.round(base * (0.8 + 0.4 * random));
}

/**
 * The wait before retrying a request the server refused for now: its `retry_after_ms` when it gave
 * one, never less than the backoff for this attempt. The server already spreads the clients it turns
 * away (each gets its own appointment, paced at the rate it admits them), so the stretch is small:
 * up to +10 %, enough to break ties without leaving the server idle while clients wait.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, random = Math.random()): number {
  const backoff = backoffDelay(attempt, random);
  if (retryAfterMs === undefined) return backoff;
  return Math.max(backoff, Math.round(retryAfterMs * (1 + 0.1 * random)));
}
