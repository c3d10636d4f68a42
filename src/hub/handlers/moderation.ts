import type { Actor } from '../../domain/actor.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { reply } from '../reply.js';

/** `moderate`: the actor hears `moderated` once it is committed; the room or the target hear it through the bus. */
export async function moderate(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'moderate'>,
  requestId?: string,
) {
  const input = {
    roomId: payload.room_id,
    action: payload.action,
    messageId: payload.message_id,
    userId: payload.user_id,
    until: payload.until,
    role: payload.role,
  };
  reply(connection, 'moderated', await ctx.moderation.moderate(actor, input, connection.address), requestId);
}

/** `admin_user`: answered with `user_updated`; the account's own connections hear it through the bus. */
export async function adminUser(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'admin_user'>,
  requestId?: string,
) {
  const input = { userId: payload.user_id, action: payload.action, role: payload.role };
  reply(connection, 'user_updated', await ctx.admin.updateUser(actor.userId, input, connection.address), requestId);
}
