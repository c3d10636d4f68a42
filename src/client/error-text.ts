import type { ErrorCode } from '../protocol/errors.js';
import { type MessageKey, t } from './i18n/translate.js';

/** Refusals the page makes up itself, beside the server's codes. */
export type LocalErrorCode = 'offline' | 'connection_lost' | 'signed_out';

/** Where the refusal is shown: some codes mean something more precise there. */
export type ErrorContext =
  | 'create'
  | 'conversation'
  | 'join'
  | 'invite'
  | 'edit'
  | 'leave'
  | 'archive'
  | 'message'
  | 'change'
  | 'history'
  | 'auth'
  | 'search'
  | 'moderate'
  | 'admin';

const GENERAL: Record<ErrorCode | LocalErrorCode, MessageKey> = {
  bad_json: 'error.broken',
  binary_frame: 'error.broken',
  invalid_envelope: 'error.broken',
  unknown_kind: 'error.broken',
  invalid_payload: 'error.invalidPayload',
  too_large: 'error.tooLarge',
  not_authorized: 'error.notAuthorized',
  already_authorized: 'error.alreadyAuthorized',
  bad_credentials: 'error.badCredentials',
  invalid_token: 'error.invalidToken',
  nickname_taken: 'error.nicknameTaken',
  invalid_nickname: 'error.invalidNickname',
  weak_password: 'error.weakPassword',
  rate_limited: 'error.rateLimited',
  too_many_connections: 'error.tooManyConnections',
  not_found: 'error.notFound',
  forbidden: 'error.forbidden',
  account_deactivated: 'error.accountDeactivated',
  server_error: 'error.serverError',
  unavailable: 'error.unavailable',
  offline: 'error.offline',
  connection_lost: 'error.connectionLost',
  signed_out: 'error.signedOutElsewhere',
};

const SPECIFIC: Partial<Record<ErrorContext, Partial<Record<string, MessageKey>>>> = {
  invite: { not_found: 'error.invite.notFound', forbidden: 'error.invite.forbidden' },
  conversation: { not_found: 'error.conversation.notFound', invalid_payload: 'error.conversation.invalid' },
  create: { invalid_payload: 'error.create.invalid' },
  edit: { forbidden: 'error.edit.forbidden', invalid_payload: 'error.create.invalid' },
  leave: { forbidden: 'error.leave.forbidden' },
  archive: { forbidden: 'error.archive.forbidden', not_found: 'error.archive.forbidden' },
  change: { forbidden: 'error.change.forbidden', not_found: 'error.change.notFound' },
  message: { forbidden: 'error.message.forbidden', not_found: 'error.message.notFound' },
  search: { invalid_payload: 'error.search.invalid' },
  moderate: { forbidden: 'error.moderate.forbidden', not_found: 'error.moderate.forbidden' },
  admin: { forbidden: 'error.admin.forbidden' },
};

/**
 * A refusal in words a person understands, in their language: the server's own `message` is for
 * developers (English, lower case), so the page goes by the stable code.
 */
export function errorText(code: string | undefined, context?: ErrorContext): string {
  const specific = context && code ? SPECIFIC[context]?.[code] : undefined;
  const general = code ? GENERAL[code as ErrorCode | LocalErrorCode] : undefined;
  return t(specific ?? general ?? 'error.unknown');
}
