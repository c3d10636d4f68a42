import type { Actor } from '../domain/actor.js';
import { toDomainError } from '../domain/errors.js';
import { rateLimited } from '../lib/metrics.js';
import type { ClientKind, ClientPayload } from '../protocol/client-frames.js';
import { type DecodedFrame, decodeClientFrame } from '../protocol/decode.js';
import { CLOSE_CODES, ERROR_CODES, type ErrorCode } from '../protocol/errors.js';
import type { Connection } from './connection.js';
import type { HandlerContext } from './context.js';
import { signin, signup } from './handlers/auth.js';
import {
  linkPreviewDismiss,
  messageDelete,
  messageEdit,
  messageVersions,
  reactionAdd,
  reactionRemove,
} from './handlers/message-changes.js';
import { authorized, history, message, read, typing } from './handlers/messages.js';
import { adminAudit, adminStats, adminUser, adminUsers, moderate } from './handlers/moderation.js';
import { pushSubscribe, pushUnsubscribe, roomNotify } from './handlers/notifications.js';
import { resume, signout } from './handlers/resume.js';
import { dmOpen, members, roomCreate, roomDirectory, roomInvite, roomJoin, roomLeave, rooms, roomUpdate } from './handlers/rooms.js';
import { search } from './handlers/search.js';
import { disconnect, ping } from './handlers/session.js';

type PublicHandler<K extends ClientKind> = (
  ctx: HandlerContext,
  connection: Connection,
  payload: ClientPayload<K>,
  requestId?: string,
) => unknown;
type SignedInHandler<K extends ClientKind> = (
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<K>,
  requestId?: string,
) => unknown;

type Route<K extends ClientKind> = { signedIn: false; handle: PublicHandler<K> } | { signedIn: true; handle: SignedInHandler<K> };

/** Every client kind and whether it needs a signed-in connection: the one place that decides it. */
const routes: { [K in ClientKind]: Route<K> } = {
  signup: { signedIn: false, handle: signup },
  signin: { signedIn: false, handle: signin },
  resume: { signedIn: false, handle: resume },
  signout: { signedIn: false, handle: signout },
  ping: { signedIn: false, handle: ping },
  disconnect: { signedIn: false, handle: disconnect },
  authorized: { signedIn: true, handle: authorized },
  message: { signedIn: true, handle: message },
  message_edit: { signedIn: true, handle: messageEdit },
  message_delete: { signedIn: true, handle: messageDelete },
  reaction_add: { signedIn: true, handle: reactionAdd },
  reaction_remove: { signedIn: true, handle: reactionRemove },
  link_preview_dismiss: { signedIn: true, handle: linkPreviewDismiss },
  message_versions: { signedIn: true, handle: messageVersions },
  history: { signedIn: true, handle: history },
  read: { signedIn: true, handle: read },
  typing: { signedIn: true, handle: typing },
  room_notify: { signedIn: true, handle: roomNotify },
  push_subscribe: { signedIn: true, handle: pushSubscribe },
  push_unsubscribe: { signedIn: true, handle: pushUnsubscribe },
  rooms: { signedIn: true, handle: rooms },
  room_directory: { signedIn: true, handle: roomDirectory },
  room_create: { signedIn: true, handle: roomCreate },
  dm_open: { signedIn: true, handle: dmOpen },
  room_join: { signedIn: true, handle: roomJoin },
  room_leave: { signedIn: true, handle: roomLeave },
  room_invite: { signedIn: true, handle: roomInvite },
  room_update: { signedIn: true, handle: roomUpdate },
  members: { signedIn: true, handle: members },
  search: { signedIn: true, handle: search },
  moderate: { signedIn: true, handle: moderate },
  admin_user: { signedIn: true, handle: adminUser },
  admin_users: { signedIn: true, handle: adminUsers },
  admin_audit: { signedIn: true, handle: adminAudit },
  admin_stats: { signedIn: true, handle: adminStats },
};

export function sendError(
  connection: Connection,
  code: ErrorCode,
  message: string = ERROR_CODES[code],
  requestId?: string,
  retryAfterMs?: number,
): void {
  connection.send('error', {
    code,
    message,
    ...(requestId === undefined ? {} : { request_id: requestId }),
    ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }),
  });
}

/**
 * socket → validate → handler: every frame a client sends passes here. Bad
 * input becomes an `error` frame and nothing else; the connection stays open
 * (unless it keeps flooding frames: then it is closed with 1008).
 */
export class Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly ctx: HandlerContext,
    private readonly maxFrameBytes: number,
  ) {}

  handle(connection: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    // Shutting down: a frame not yet started is dropped whole (never half-handled); the client sends it again after reconnecting.
    if (this.stopped) return Promise.resolve();
    const handling = this.process(connection, data, isBinary).finally(() => this.inFlight.delete(handling));
    this.inFlight.add(handling);
    return handling;
  }

  /** Shutdown: no new frame starts; resolves once every frame already started is answered (acks written). */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async process(connection: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    // A closing socket still delivers frames already received: none of them is handled (no reply could be written).
    if (!connection.isOpen) return;
    connection.lastFrameAt = Date.now();
    if (!connection.frames.take()) {
      rateLimited.inc({ kind: 'frame' });
      if (connection.refuseFrame()) return connection.close(CLOSE_CODES.policyViolation, 'frame flood');
      return sendError(connection, 'rate_limited', 'too many frames; slow down');
    }
    if (isBinary) return sendError(connection, 'binary_frame');
    if (data.length > this.maxFrameBytes) return sendError(connection, 'too_large', `frame is over ${this.maxFrameBytes} bytes`);
    const decoded = decodeClientFrame(data.toString('utf8'));
    if (!decoded.ok) return sendError(connection, decoded.error.code, decoded.error.message, decoded.error.requestId);
    try {
      await this.route(connection, decoded.frame);
    } catch (error) {
      const refusal = toDomainError(error);
      if (refusal?.code === 'rate_limited') rateLimited.inc({ kind: decoded.frame.kind });
      if (refusal) return sendError(connection, refusal.code, refusal.message, decoded.frame.requestId, refusal.retryAfterMs);
      this.ctx.log.error({ err: error, kind: decoded.frame.kind, connection: connection.id }, 'frame handler failed');
      sendError(connection, 'server_error', ERROR_CODES.server_error, decoded.frame.requestId);
    }
  }

  private async route(connection: Connection, frame: DecodedFrame): Promise<void> {
    const route = routes[frame.kind] as Route<typeof frame.kind>;
    if (!route.signedIn) return void (await route.handle(this.ctx, connection, frame.payload as never, frame.requestId));
    const actor = connection.actor;
    if (!actor) return sendError(connection, 'not_authorized', 'sign in first', frame.requestId);
    await route.handle(this.ctx, connection, actor, frame.payload as never, frame.requestId);
  }
}
