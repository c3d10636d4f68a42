import type { Actor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import type { Page } from '../../domain/message-service.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import { DEFAULT_ROOM_ID } from '../../protocol/message.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { originOf, reply } from '../reply.js';

/** `authorized`: the seed's "give me the chat" — answered with the most recent page of the default room, as `send`. */
export async function authorized(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  _payload: ClientPayload<'authorized'>,
  requestId?: string,
) {
  const page = await ctx.messages.page(actor, DEFAULT_ROOM_ID);
  reply(connection, 'send', { connection_id: connection.id, messages: page.messages, has_more: page.hasMoreBefore }, requestId);
}

/** `message`: store it (group commit), then ack; everyone in the room, the sender included, gets it through the bus (and the sender its ack in the same write). */
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
    {
      roomId: payload.room_id,
      content: payload.content,
      clientId: payload.client_id,
      replyTo: payload.reply_to,
      attachments: payload.attachments,
    },
    connection.id,
  );
  ctx.typing.messageSent(actor, written.message.room_id);
  if (requestId === undefined) return;
  const { message_id, room_id, seq, rev } = written.message;
  const ack = { request_id: requestId, message_id, room_id, seq, rev, ...(written.duplicate ? { duplicate: true } : {}) };
  ctx.hub.replyWithFanout(connection, 'ack', ack);
}

const presentPage = (page: Page) => ({
  room_id: page.roomId,
  messages: page.messages,
  has_more_before: page.hasMoreBefore,
  has_more_after: page.hasMoreAfter,
});

/** `history`: a page before, after or around a point of a room. */
export async function history(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'history'>,
  requestId?: string,
) {
  const page = await ctx.messages.page(actor, payload.room_id, {
    beforeSeq: payload.before_seq,
    afterSeq: payload.after_seq,
    aroundSeq: payload.around_seq,
    aroundMessageId: payload.around_message_id,
    afterRev: payload.after_rev,
    limit: payload.limit,
  });
  reply(connection, 'history', presentPage(page), requestId);
}

/** `read`: move the read marker; every connection of the user hears the new marker through the bus. */
export async function read(ctx: HandlerContext, connection: Connection, actor: Actor, payload: ClientPayload<'read'>, requestId?: string) {
  await ctx.reads.markRead(actor, payload.room_id, payload.seq, originOf(connection, requestId));
}

export async function typing(ctx: HandlerContext, _connection: Connection, actor: Actor, payload: ClientPayload<'typing'>) {
  await ctx.typing.typing(actor, payload.room_id);
}
