import type { Actor } from '../../domain/actor.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import { CLOSE_CODES } from '../../protocol/errors.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { reply } from '../reply.js';
import { authenticate } from './auth.js';

type Since = Map<number, { messageId?: number; seq?: number }>;

function sinceOf(payload: ClientPayload<'resume'>): Since {
  const since: Since = new Map();
  for (const [room, seq] of Object.entries(payload.since_seq ?? {})) since.set(Number(room), { seq });
  for (const [room, messageId] of Object.entries(payload.since ?? {})) since.set(Number(room), { messageId });
  return since;
}

/**
 * `resume {token, since}`: sign in with a session token, then send every
 * message the client missed in the rooms it names, in seq order. Live
 * messages arriving meanwhile are held and released after, minus those the
 * catch-up carried.
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
  connection.held = [];
  try {
    for (const [roomId, point] of since) {
      if (!actor.rooms.has(roomId)) continue;
      const page = await ctx.messages.missedSince(actor, roomId, point, ctx.resumeMaxMessages).catch(() => undefined);
      if (!page) continue;
      const last = page.messages.at(-1)?.seq;
      if (last !== undefined) floors.set(roomId, last);
      if (page.messages.length > 0 || page.hasMoreAfter) {
        reply(connection, 'send', { connection_id: null, messages: page.messages, has_more: page.hasMoreAfter }, requestId);
      }
    }
  } finally {
    const held = connection.held;
    connection.held = undefined;
    connection.floors = floors.size > 0 ? floors : undefined;
    for (const batch of held) connection.deliverResuming(batch);
  }
}

/** `signout`: revoke this connection's session token, say so, and close. */
export async function signout(
  ctx: HandlerContext,
  connection: Connection,
  _actor: Actor,
  _payload: ClientPayload<'signout'>,
  requestId?: string,
) {
  if (connection.token) await ctx.sessions.revoke(connection.token);
  reply(connection, 'signed_out', {}, requestId);
  connection.close(CLOSE_CODES.normal, 'signed out');
}
