import type { Actor } from '../../domain/actor.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { originOf, reply } from '../reply.js';

/** `room_notify`: every connection of the user, this one included, hears the new setting through the bus. */
export async function roomNotify(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'room_notify'>,
  requestId?: string,
) {
  const change = { level: payload.level, mutedUntil: payload.muted_until };
  await ctx.notifications.settings.set(actor, payload.room_id, change, originOf(connection, requestId));
}

export async function pushSubscribe(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'push_subscribe'>,
  requestId?: string,
) {
  await ctx.notifications.push.subscribe(actor, { endpoint: payload.endpoint, p256dh: payload.keys.p256dh, auth: payload.keys.auth });
  reply(connection, 'push_subscription', { endpoint: payload.endpoint, subscribed: true }, requestId);
}

export async function pushUnsubscribe(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'push_unsubscribe'>,
  requestId?: string,
) {
  await ctx.notifications.push.unsubscribe(actor, payload.endpoint);
  reply(connection, 'push_subscription', { endpoint: payload.endpoint, subscribed: false }, requestId);
}
