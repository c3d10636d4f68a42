import type { Actor } from '../../domain/actor.js';
import { isDomainError } from '../../domain/errors.js';
import type { ResumePoint } from '../../domain/message-service.js';
import { sessionIdOf } from '../../domain/session-service.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { ServerPayloads } from '../../protocol/server-events.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { originOf, reply } from '../reply.js';
import { authenticate } from './auth.js';

type Since = Map<number, ResumePoint>;

function sinceOf(payload: ClientPayload<'resume'>): Since {
  const since: Since = new Map();
  for (const [room, seq] of Object.entries(payload.since_seq ?? {})) since.set(Number(room), { seq });
  for (const [room, messageId] of Object.entries(payload.since ?? {})) since.set(Number(room), { messageId });
  // The rev form says the most (changes too), so it wins where a room is named twice.
  for (const [room, rev] of Object.entries(payload.since_rev ?? {})) since.set(Number(room), { rev });
  return since;
}

/**
 * `resume {token, since | since_seq | since_rev}`: sign in with a session
 * token, then send what the client missed in the rooms it names (by rev:
 * changed messages too, each once in its latest state), and `resumed` when
 * that is done. Live changes arriving meanwhile are held and released after,
 * minus those the client now holds.
 */
export async function resume(ctx: HandlerContext, connection: Connection, payload: ClientPayload<'resume'>, requestId?: string) {
  const since = sinceOf(payload);
  await authenticate(ctx, connection, requestId, () => ctx.sessions.resume(payload.token), {
    token: payload.token,
    afterSignIn: (actor) => catchUp(ctx, connection, actor, since, requestId),
  });
}

async function catchUp(ctx: HandlerContext, connection: Connection, actor: Actor, since: Since, requestId: string | undefined) {
  const floors = new Map<number, number>();
  const done: ServerPayloads['resumed'] = { rooms: [], skipped: [] };
  connection.held = [];
  try {
    for (const [roomId, point] of since) {
      // A room the user is not in (checked without a query), or a message id from another room, is skipped, not fatal.
      const missed = actor.rooms.has(roomId)
        ? await ctx.messages.missedSince(actor, roomId, point, ctx.resumeMaxMessages).catch((error: unknown) => {
            if (isDomainError(error)) return undefined;
            throw error;
          })
        : undefined;
      if (!missed) {
        done.skipped.push(roomId);
        continue;
      }
      const { page, room } = missed;
      const sentRev = Math.max(0, ...page.messages.map((message) => message.rev));
      const sentSeq = Math.max(0, ...page.messages.map((message) => message.seq));
      // Live copies of what the client now holds are dropped: all of the room up to the rev read before
      // the page when nothing is left to page, even if the page was empty (a process whose bus lags may
      // still deliver a message the client had before it reconnected); otherwise what the page carried.
      const throughRev = page.hasMoreAfter ? sentRev : Math.max(room.rev, sentRev);
      floors.set(roomId, throughRev);
      if (page.messages.length > 0) {
        reply(connection, 'send', { connection_id: null, messages: page.messages, has_more: page.hasMoreAfter }, requestId);
      }
      const throughSeq = page.hasMoreAfter ? sentSeq : Math.max(room.seq, sentSeq);
      done.rooms.push({ room_id: roomId, through_seq: throughSeq, through_rev: throughRev, has_more: page.hasMoreAfter });
    }
  } finally {
    const held = connection.held;
    connection.held = undefined;
    connection.floors = floors.size > 0 ? floors : undefined;
    for (const batch of held) connection.deliverResuming(batch);
  }
  reply(connection, 'resumed', done, requestId);
}

/**
 * `signout`: revoke this connection's session (or, from a connection not
 * signed in, the session of the `token` given, e.g. a client signing out
 * while its connection was down). Every connection using the session, on
 * every process, hears `signed_out` and is closed.
 */
export async function signout(ctx: HandlerContext, connection: Connection, payload: ClientPayload<'signout'>, requestId?: string) {
  const sessionId = connection.sessionId ?? (payload.token === undefined ? undefined : sessionIdOf(payload.token));
  if (sessionId === undefined) {
    reply(connection, 'error', { code: 'not_authorized', message: 'sign in first, or give the token to sign out' }, requestId);
    return;
  }
  if (!connection.sessionId) reply(connection, 'signed_out', {}, requestId);
  await ctx.sessions.revoke(sessionId, originOf(connection, requestId));
}
