import type { Actor } from '../../domain/actor.js';
import { DomainError, toDomainError } from '../../domain/errors.js';
import { sessionIdOf } from '../../domain/session-service.js';
import { rateLimited, signinFailures } from '../../lib/metrics.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import { CLOSE_CODES } from '../../protocol/errors.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { reply } from '../reply.js';

type Credentials = ClientPayload<'signup'>;

export interface AuthenticateOptions {
  /** The session token when resuming one; otherwise a new session is opened. */
  token?: string;
  /** Runs after `authorize` is sent, before any other frame is handled. */
  afterSignIn?: (actor: Actor) => Promise<void>;
}

/**
 * signup, signin and resume share one shape: check the credentials through a
 * domain service, then answer `authorize`. Refusals are `authorize {allowed:
 * false, reason}`, as seed clients expect, not `error` frames.
 */
export async function authenticate(
  ctx: HandlerContext,
  connection: Connection,
  requestId: string | undefined,
  check: () => Promise<Actor>,
  options: AuthenticateOptions = {},
): Promise<void> {
  const refuse = (error: DomainError) => {
    if (error.code === 'rate_limited') rateLimited.inc({ kind: 'sign-in' });
    if (error.code === 'bad_credentials') signinFailures.inc();
    reply(
      connection,
      'authorize',
      {
        connection_id: connection.id,
        allowed: false,
        reason: error.code,
        message: error.message,
        ...(error.retryAfterMs === undefined ? {} : { retry_after_ms: error.retryAfterMs }),
      },
      requestId,
    );
  };
  if (connection.actor) return refuse(new DomainError('already_authorized'));
  if (connection.authenticating) return refuse(new DomainError('rate_limited', 'a sign-in is already in progress'));
  connection.authenticating = true;
  try {
    const actor = await ctx.admission.run(check);
    const atCap = () => ctx.hub.connectionCount(actor.userId) >= ctx.maxConnectionsPerUser;
    // Checked early so a refusal opens no session, and again below: sign-ins of one account that passed
    // here together would otherwise all land once their sessions were open.
    if (atCap()) return refuse(new DomainError('too_many_connections'));
    const token = options.token ?? (await ctx.sessions.open(actor.userId));
    if (!connection.isOpen) return;
    const sessionId = sessionIdOf(token);
    if (ctx.hub.wasRevoked(sessionId, actor.userId)) return refuse(new DomainError('invalid_token'));
    // Nothing awaits between this check and signIn. A session opened for a refusal was never shown to anyone.
    if (atCap()) return refuse(new DomainError('too_many_connections'));
    connection.sessionId = sessionId;
    await ctx.hub.signIn(connection, actor);
    if (!connection.isOpen) return;
    const granted = {
      connection_id: connection.id,
      allowed: true,
      user_id: actor.userId,
      nickname: actor.nickname,
      role: actor.role,
      token,
    };
    reply(connection, 'authorize', granted, requestId);
  } catch (error) {
    const refusal = toDomainError(error);
    if (!refusal) throw error;
    refuse(refusal);
    // Failed half-way through signing in (the database went away while its rooms were being followed):
    // a connection told `allowed: false` must not stay signed in, so it starts over on a new one.
    if (connection.actor) connection.close(CLOSE_CODES.tryAgainLater, 'sign-in failed; reconnect');
    return;
  } finally {
    connection.authenticating = false;
  }
  // Signed in: a failure from here on is an `error` for the request, not a refusal after `allowed: true`.
  const actor = connection.actor;
  if (actor) await options.afterSignIn?.(actor);
}

export const signup = (ctx: HandlerContext, connection: Connection, payload: Credentials, requestId?: string) =>
  authenticate(ctx, connection, requestId, () => ctx.auth.signup(payload.nickname, payload.password, connection.address));

export const signin = (ctx: HandlerContext, connection: Connection, payload: Credentials, requestId?: string) =>
  authenticate(ctx, connection, requestId, () => ctx.auth.signin(payload.nickname, payload.password, connection.address));
