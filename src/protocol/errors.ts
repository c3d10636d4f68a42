/**
 * The closed list of error codes the server may put in an `error` event (or in
 * `authorize.reason`). Clients switch on these strings, so a code is never
 * renamed or reused; docs/protocol.md documents each one and a test keeps the
 * two in step.
 */
export const ERROR_CODES = {
  bad_json: 'The text frame is not valid JSON.',
  binary_frame: 'Binary frames are not part of the protocol; send JSON text.',
  invalid_envelope: 'The frame is not an object with a string `kind` and an object `payload`.',
  unknown_kind: 'The `kind` is not one the server accepts from clients.',
  invalid_payload: 'A payload field is missing, has the wrong type or is out of range.',
  too_large: 'The frame or the message content is over the configured size limit.',
  not_authorized: 'The connection has not signed in (or its session ended).',
  already_authorized: 'The connection is already signed in; open a new connection for another account.',
  bad_credentials: 'Unknown nickname or wrong password.',
  invalid_token: 'The session token is unknown, revoked or expired; sign in with the password.',
  nickname_taken: 'Another account already uses this nickname, or one that looks the same (case, width, look-alike letters).',
  invalid_nickname: 'The nickname breaks the nickname rules (or is reserved).',
  weak_password: 'The password breaks the password rules.',
  rate_limited: 'Too many frames, messages, sign-in attempts, room creations or invitations; wait and retry.',
  too_many_connections: 'This account already has the maximum number of open connections.',
  not_found: 'No such room or message, or you may not know it exists.',
  forbidden: 'You may not do this (in this room, to this user, or while muted here): nothing was changed.',
  account_deactivated: 'An admin deactivated this account: it cannot sign in until an admin reactivates it.',
  server_error: 'The server failed; nothing was stored. Retry later.',
  unavailable: 'The database is unreachable, restarting or did not answer in time. Retry (a message with the same client_id).',
} as const;

/**
 * Codes after which sending the same frame again can succeed without changing it: a client retries
 * these (with the same client_id for messages) after a delay; every other code needs a different request.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate_limited', 'server_error', 'unavailable']);

export type ErrorCode = keyof typeof ERROR_CODES;

export const errorCodes = Object.keys(ERROR_CODES) as ErrorCode[];

/** Application close codes in the 4000 range mirror HTTP statuses, as Hocuspocus does. */
export const CLOSE_CODES = {
  normal: 1000,
  policyViolation: 1008,
  messageTooBig: 1009,
  /** The server is restarting (shutdown, deploy): reconnect in a moment and `resume`. */
  serviceRestart: 1012,
  tryAgainLater: 1013,
  /** An admin deactivated the account: do not reconnect (sign-in is refused until it is reactivated). */
  accountDeactivated: 4403,
  idleTimeout: 4408,
} as const;
