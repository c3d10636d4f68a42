import type { Actor } from '../../domain/actor.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { ModerateAction } from '../../protocol/roles.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { originOf, reply } from '../reply.js';

/** Actions on a member that everyone in the room hears (their member lists show mutes and roles). */
const ROOM_HEARS = new Set<ModerateAction>(['mute', 'unmute', 'set_room_role']);

/**
 * `moderate`: the actor hears `moderated` once it is committed; the room or the target hear it through the bus.
 * A member's mute or role reaches every member of the room, the asker's connection among them with its
 * request_id; an asker outside the room (an admin in a public room) is answered here.
 */
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
  const viaRoom = ROOM_HEARS.has(payload.action) && actor.rooms.has(payload.room_id);
  const result = await ctx.moderation.moderate(actor, input, connection.address, viaRoom ? originOf(connection, requestId) : undefined);
  if (!viaRoom) reply(connection, 'moderated', result, requestId);
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

/** `admin_users`: a page of accounts for the admin page. */
export async function adminUsers(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'admin_users'>,
  requestId?: string,
) {
  const filter = { query: payload.query, role: payload.role, afterId: payload.after_id, limit: payload.limit };
  const { users, hasMore } = await ctx.adminQueries.users(actor.userId, filter);
  reply(connection, 'admin_users', { users, has_more: hasMore }, requestId);
}

/** `admin_audit`: a page of the audit log for the admin page. */
export async function adminAudit(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'admin_audit'>,
  requestId?: string,
) {
  const filter = {
    userId: payload.user_id,
    roomId: payload.room_id,
    action: payload.action,
    beforeId: payload.before_id,
    limit: payload.limit,
  };
  const { entries, hasMore } = await ctx.adminQueries.audit(actor.userId, filter);
  reply(connection, 'admin_audit', { entries, has_more: hasMore }, requestId);
}

/** `admin_stats`: this process's metrics for the admin page's stats tab. */
export async function adminStats(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  _payload: ClientPayload<'admin_stats'>,
  requestId?: string,
) {
  const values = await ctx.adminQueries.stats(actor.userId, ctx.readStats);
  reply(connection, 'admin_stats', { at: new Date().toISOString(), values }, requestId);
}
