import type { Actor } from '../../domain/actor.js';
import type { ClientKind, ClientPayload } from '../../protocol/client-frames.js';
import { SILENCED_FOREVER } from '../../protocol/roles.js';
import type { RoomSummary } from '../../protocol/rooms.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { originOf, reply } from '../reply.js';

type RoomHandler<K extends ClientKind> = (
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<K>,
  requestId?: string,
) => Promise<void>;

export const rooms: RoomHandler<'rooms'> = async (ctx, connection, actor, _payload, requestId) => {
  const list = await ctx.roomQueries.list(actor.userId);
  reply(connection, 'rooms', { rooms: list.map((room) => ctx.hub.withPresence(room)) }, requestId);
};

export const roomDirectory: RoomHandler<'room_directory'> = async (ctx, connection, actor, _payload, requestId) => {
  reply(connection, 'room_directory', { rooms: await ctx.roomQueries.directory(actor) }, requestId);
};

/** The asker's connection follows the room before hearing of it, so the history it reads next meets the live stream. */
async function replyWithJoinedRoom(ctx: HandlerContext, connection: Connection, room: RoomSummary, requestId?: string) {
  await ctx.hub.follow(connection, room.room_id);
  reply(connection, 'room', { room: ctx.hub.withPresence(room) }, requestId);
}

export const roomCreate: RoomHandler<'room_create'> = async (ctx, connection, actor, payload, requestId) => {
  const input = { kind: payload.kind, name: payload.name, topic: payload.topic, members: payload.members };
  const room = await ctx.rooms.create(actor, input, connection.address);
  await replyWithJoinedRoom(ctx, connection, room, requestId);
};

export const dmOpen: RoomHandler<'dm_open'> = async (ctx, connection, actor, payload, requestId) => {
  await replyWithJoinedRoom(ctx, connection, await ctx.rooms.openDm(actor, payload.nickname, connection.address), requestId);
};

export const roomJoin: RoomHandler<'room_join'> = async (ctx, connection, actor, payload, requestId) => {
  await replyWithJoinedRoom(ctx, connection, await ctx.rooms.join(actor, payload.room_id), requestId);
};

export const roomLeave: RoomHandler<'room_leave'> = async (ctx, connection, actor, payload, requestId) => {
  await ctx.rooms.leave(actor, payload.room_id);
  reply(connection, 'room_removed', { room_id: payload.room_id }, requestId);
};

export const roomInvite: RoomHandler<'room_invite'> = async (ctx, connection, actor, payload, requestId) => {
  reply(
    connection,
    'room',
    { room: ctx.hub.withPresence(await ctx.rooms.invite(actor, payload.room_id, payload.nickname, connection.address)) },
    requestId,
  );
};

/** Members hear `room_updated` through the bus (the actor's with its request_id); an admin outside the room is answered here. */
export const roomUpdate: RoomHandler<'room_update'> = async (ctx, connection, actor, payload, requestId) => {
  const changes = { name: payload.name, topic: payload.topic };
  const member = actor.rooms.has(payload.room_id);
  const updated = await ctx.rooms.update(
    actor,
    payload.room_id,
    changes,
    connection.address,
    member ? originOf(connection, requestId) : undefined,
  );
  if (!member) reply(connection, 'room_updated', updated, requestId);
};

/** Members with their presence: online comes from this process's view of every process. */
export const members: RoomHandler<'members'> = async (ctx, connection, actor, payload, requestId) => {
  const list = await ctx.roomQueries.members(actor, payload.room_id);
  const withPresence = list.map((member) => ({
    user_id: member.user_id,
    nickname: member.nickname,
    role: member.role,
    online: ctx.hub.presence.isOnline(member.user_id),
    ...(member.server_role === 'deactivated' ? { deactivated: true as const } : {}),
    ...(member.silenced_until === null ? {} : { muted_until: isoOrForever(member.silenced_until) }),
  }));
  reply(connection, 'members', { room_id: payload.room_id, members: withPresence }, requestId);
};

/** A mute's end as the protocol writes times (ISO in UTC, as `moderated` says it), or "forever". */
const isoOrForever = (until: string) => (until === SILENCED_FOREVER ? until : new Date(until).toISOString());
