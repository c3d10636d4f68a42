import { prettyFactory } from 'pino-pretty';
import type { LogDestination } from './log-destination.js';

/**
 * Fields never written at any level, wherever they appear one level deep: session tokens, passwords,
 * message contents, and the headers that carry credentials. The server does not log them today; this
 * keeps a future `log.info({ payload })` from leaking them.
 */
export const LOG_REDACT = {
  paths: [
    'token',
    'password',
    'content',
    '*.token',
    '*.password',
    '*.content',
    'req.headers.authorization',
    'req.headers.cookie',
    'headers.authorization',
    'headers.cookie',
  ],
  censor: '[redacted]',
};

/**
 * Human-readable lines for a terminal (LOG_FORMAT=pretty): each JSON line pino produces is formatted by
 * pino-pretty in this process and handed to the same never-blocking destination, so pretty output
 * cannot stall the server either.
 */
export function prettyDestination(destination: LogDestination, colorize: boolean): LogDestination {
  const pretty = prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return { write: (line) => destination.write(pretty(line)), dropped: () => destination.dropped() };
}
