import type { Actor } from '../../domain/actor.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';

type Credentials = ClientPayload<'signup'>;

/**
 * signup and signin share one shape: check the credentials through the auth
 * service, then answer `authorize`. Refusals are `authorize {allowed: false,
 * reason}`, as seed clients expect, not `error` frames.
 */
async function authenticate(
  ctx: HandlerContext,
  connection: Connection,
  requestId: string | undefined,
  check: () => Promise<Actor>,
): Promise<void> {
  const refuse = (error: DomainError) =>
    connection.send('authorize', {
      connection_id: connection.id,
      allowed: false,
      reason: error.code,
      message: error.message,
      ...(requestId === undefined ? {} : { request_id: requestId }),
    });
  if (connection.actor) return refuse(new DomainError('already_authorized'));
  if (connection.authenticating) return refuse(new DomainError('rate_limited', 'a sign-in is already in progress'));
  connection.authenticating = true;
  try {
    const actor = await check();
    if (ctx.hub.connectionCount(actor.userId) >= ctx.maxConnectionsPerUser) {
      return refuse(new DomainError('too_many_connections'));
    }
    if (!connection.isOpen) return;
    ctx.hub.signIn(connection, actor);
    connection.send('authorize', {
      connection_id: connection.id,
      allowed: true,
      user_id: actor.userId,
      nickname: actor.nickname,
      ...(requestId === undefined ? {} : { request_id: requestId }),
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    refuse(error);
  } finally {
    connection.authenticating = false;
  }
}

export const signup = (ctx: HandlerContext, connection: Connection, payload: Credentials, requestId?: string) =>
  authenticate(ctx, connection, requestId, () => ctx.auth.signup(payload.nickname, payload.password, connection.address));

export const signin = (ctx: HandlerContext, connection: Connection, payload: Credentials, requestId?: string) =>
  authenticate(ctx, connection, requestId, () => ctx.auth.signin(payload.nickname, payload.password, connection.address));
