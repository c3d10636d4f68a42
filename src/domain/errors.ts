import { ERROR_CODES, type ErrorCode } from '../protocol/errors.js';
import { isDatabaseUnavailable } from '../storage/unavailable.js';

/** A refusal the client caused and can act on; its code is one of the protocol's stable codes. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    /** For a refusal that is about load, not the request: when to try again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * The boundary mapping from a failure to what the client is told: refusals as they are, a database that
 * is unreachable, stalled or restarting as the retryable `unavailable`; anything else is a bug (undefined).
 */
export function toDomainError(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (isDatabaseUnavailable(error)) return new DomainError('unavailable');
  return undefined;
}
