import type { Actor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import type { ChangeResult } from '../../domain/message-changes.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { reply } from '../reply.js';

/** Changes spend the same allowance as new messages: editing or reacting in a loop is still flooding. */
function spend(ctx: HandlerContext, connection: Connection): void {
  if (!ctx.hub.allowMessage(connection)) throw new DomainError('rate_limited', 'too many messages or changes; slow down');
}

/** The change is committed (or changed nothing); everyone in the room gets the new state through the bus. */
function ackChange(connection: Connection, { message }: ChangeResult, requestId: string | undefined): void {
  if (requestId === undefined) return;
  const { message_id, room_id, seq, rev } = message;
  connection.send('ack', { request_id: requestId, message_id, room_id, seq, rev });
}

export async function messageEdit(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'message_edit'>,
  requestId?: string,
) {
  spend(ctx, connection);
  ackChange(connection, await ctx.changes.edit(actor, payload.message_id, payload.content), requestId);
}

export async function messageDelete(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'message_delete'>,
  requestId?: string,
) {
  spend(ctx, connection);
  ackChange(connection, await ctx.changes.delete(actor, payload.message_id, connection.address), requestId);
}

export async function reactionAdd(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'reaction_add'>,
  requestId?: string,
) {
  spend(ctx, connection);
  ackChange(connection, await ctx.changes.react(actor, payload.message_id, payload.emoji, true), requestId);
}

export async function reactionRemove(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'reaction_remove'>,
  requestId?: string,
) {
  spend(ctx, connection);
  ackChange(connection, await ctx.changes.react(actor, payload.message_id, payload.emoji, false), requestId);
}

export async function linkPreviewDismiss(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'link_preview_dismiss'>,
  requestId?: string,
) {
  spend(ctx, connection);
  ackChange(connection, await ctx.changes.dismissPreview(actor, payload.message_id), requestId);
}

export async function messageVersions(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'message_versions'>,
  requestId?: string,
) {
  const versions = await ctx.changes.versions(actor, payload.message_id);
  reply(connection, 'message_versions', { message_id: payload.message_id, versions }, requestId);
}
