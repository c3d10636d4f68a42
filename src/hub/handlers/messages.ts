import type { Actor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';

/** `authorized`: the seed's "give me the chat" — answered with the most recent page of the default room. */
export async function authorized(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  _payload: ClientPayload<'authorized'>,
  requestId?: string,
) {
  const page = await ctx.messages.latestPage(actor);
  connection.send('send', {
    connection_id: connection.id,
    messages: page.messages,
    has_more: page.hasMore,
    ...(requestId === undefined ? {} : { request_id: requestId }),
  });
}

/** `message`: store it (group commit), then ack; everyone in the room, the sender included, gets it through the bus. */
export async function message(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'message'>,
  requestId?: string,
) {
  if (!ctx.hub.allowMessage(connection)) throw new DomainError('rate_limited', 'too many messages; slow down');
  const written = await ctx.messages.post(
    actor,
    { roomId: payload.room_id, content: payload.content, clientId: payload.client_id },
    connection.id,
  );
  if (requestId === undefined) return;
  const { message_id, room_id, seq } = written.message;
  connection.send('ack', { request_id: requestId, message_id, room_id, seq, ...(written.duplicate ? { duplicate: true } : {}) });
}
