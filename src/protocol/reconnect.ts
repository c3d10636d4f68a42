/**
 * How a client spreads its retries, shared by the web client and the load
 * generators so what the benchmark measures is what browsers do.
 *
 * Waits before the 1st, 2nd, … attempt after a drop: short at first, because most outages are a
 * restart or a network blip of a second or two, then growing to a ceiling so a long outage costs
 * the server little. Each wait is jittered by ±50 %: after a restart thousands of clients retry
 * while the server is still down, and a narrow jitter keeps them in step, so they all arrive in the
 * same few hundred milliseconds when it is back and overflow the kernel's accept queue (each
 * dropped connection then waits for TCP's own retransmission, a second and more). A wide jitter
 * decorrelates them within a few attempts.
 */
export const RECONNECT_BACKOFF_MS = [250, 250, 500, 500, 1_000, 1_000, 2_000, 3_000, 5_000, 8_000, 12_000, 15_000] as const;

export function backoffDelay(attempt: number, random = Math.random()): number {
  const base = RECONNECT_BACKOFF_MS[Math.min(attempt, RECONNECT_BACKOFF_MS.length - 1)] as number;
  return Math.round(base * (0.5 + random));
}

/**
 * The wait before retrying a request the server refused for now. When it gave `retry_after_ms`, that
 * replaces the backoff: the server is up and says when it will have room (after a restart a client
 * may have failed to connect a dozen times, and its backoff, seconds long by then, would leave the
 * server idle while it waits). The server already spreads the clients it turns away (each gets its
 * own appointment, paced at the rate it admits them), so the stretch is small: up to +10 %, enough
 * to break ties. Without it, the backoff for this attempt.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, random = Math.random()): number {
  if (retryAfterMs === undefined) return backoffDelay(attempt, random);
  return Math.max(RECONNECT_BACKOFF_MS[0], Math.round(retryAfterMs * (1 + 0.1 * random)));
}
