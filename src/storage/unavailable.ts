/**
 * The one place that tells "the database is unreachable, stalled or going
 * away" from every other failure. Such a failure says nothing about the
 * request, so the request can be retried unchanged once the database is back.
 */

/** Socket-level failures reaching PostgreSQL. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01–57P03 (the server is
 * shutting down, crashed or is starting), 57014 (statement_timeout), 53300
 * (too many connections). https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '53300']);

/** What node-postgres, pg-pool and PGlite say when a connection is gone or a wait ran out (they set no code). */
const MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'PGlite is closed',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && MESSAGES.some((known) => message.includes(known));
}
