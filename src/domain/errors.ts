import { ERROR_CODES, type ErrorCode } from '../protocol/errors.js';

/** A refusal the client caused and can act on; its code is one of the protocol's stable codes. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
