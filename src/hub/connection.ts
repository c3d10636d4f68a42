import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Actor } from '../domain/actor.js';
import { sendBufferDrops } from '../lib/metrics.js';
import { TokenBucket } from '../lib/rate.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import type { ChatMessage } from '../protocol/message.js';
import { encodeServerFrame, type ServerKind, type ServerPayloads } from '../protocol/server-events.js';
import { PreparedFrame } from './prepared-frame.js';

export interface ConnectionLimits {
  framesPerSecond: number;
  framesBurst: number;
  messagesPerSecond: number;
  messagesBurst: number;
  sendBufferLimitBytes: number;
}

const OPEN = 1;

/**
 * One WebSocket and what the server knows about it. Kept small on purpose:
 * a server holds tens of thousands of these.
 */
export class Connection {
  actor: Actor | undefined;
  /** Set while a sign-in is being checked, so two racing sign-ins cannot both land. */
  authenticating = false;
  /** The session (SHA-256 of its token) this connection signed in with, so `signout` anywhere can close it. */
  sessionId: string | undefined;
  /**
   * Resume bookkeeping. While a resuming connection is sent what it missed,
   * live messages are held instead of written; afterwards `floors` (room →
   * the rev its catch-up reached) drops live copies of changes it already
   * had, which can still be in a fan-out tick. No gap, no duplicate.
   */
  held: ChatMessage[][] | undefined;
  floors: Map<number, number> | undefined;
  lastFrameAt = Date.now();
  awaitingPong = false;
  /** Frames refused by the frame bucket in the current one-second window (created on the first refusal). */
  private refusedFrames: { count: number; windowStart: number } | undefined;
  /** Replies waiting to go out with this socket's next write (Fanout.replyWithFlush); written before anything else. */
  private queuedReplies: PreparedFrame[] | undefined;
  readonly frames: TokenBucket;
  readonly messages: TokenBucket;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    readonly address: string,
    private readonly limits: ConnectionLimits,
  ) {
    this.frames = new TokenBucket(limits.framesPerSecond, limits.framesBurst);
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesBurst);
  }

  get isOpen(): boolean {
    return this.socket.readyState === OPEN;
  }

  send<K extends ServerKind>(kind: K, payload: ServerPayloads[K]): void {
    this.sendRaw(encodeServerFrame(kind, payload));
  }

  /**
   * Writes an already-encoded text frame.
   */
  sendRaw(frame: string | Buffer): void {
    this.writeQueuedReplies();
    if (!this.isOpen) return;
    if (this.isSlowConsumer()) return;
    this.socket.send(frame, { binary: false });
  }

  queueReply(frame: PreparedFrame): void {
    if (this.queuedReplies) this.queuedReplies.push(frame);
    else this.queuedReplies = [frame];
  }

  get hasQueuedReplies(): boolean {
    return this.queuedReplies !== undefined;
  }

  writeQueuedReplies(): void {
    const queued = this.queuedReplies;
    if (!queued) return;
    this.queuedReplies = undefined;
    this.writeFrames(queued, PreparedFrame.join(queued));
  }

  /**
   * A client that stops reading would grow our memory without bound. Past the
   * limit it is dropped at once: a close frame would only queue behind the
   * data it does not read (and ws would wait 30 s for its answer), so the
   * socket is destroyed. The client reconnects and catches up with `resume`.
   */
  private isSlowConsumer(): boolean {
    if (this.socket.bufferedAmount <= this.limits.sendBufferLimitBytes) return false;
    sendBufferDrops.inc();
    this.socket.terminate();
    return true;
  }

  /**
   * Counts a frame the frame bucket refused. True once more than
   * `framesPerSecond` were refused within one second: the client is flooding
   * (sending at over twice its allowance, sustained past its burst) and is
   * closed instead of being answered frame by frame.
   */
  refuseFrame(now = Date.now()): boolean {
    if (!this.refusedFrames || now - this.refusedFrames.windowStart >= 1_000) this.refusedFrames = { count: 0, windowStart: now };
    this.refusedFrames.count += 1;
    return this.refusedFrames.count > this.limits.framesPerSecond;
  }

  /**
   * Writes frames prepared by `PreparedFrame` straight to the TCP socket, in
   * one write. Safe because permessage-deflate is off: ws then never holds
   * frames of its own in a queue that these bytes could overtake (checked,
   * with a fallback to `send`). Replies queued for this socket go first, in the same write.
   */
  sendFrames(frames: PreparedFrame[], bytes: Buffer = PreparedFrame.join(frames)): void {
    const queued = this.queuedReplies;
    if (!queued) {
      this.writeFrames(frames, bytes);
      return;
    }
    this.queuedReplies = undefined;
    this.writeFrames([...queued, ...frames], Buffer.concat([PreparedFrame.join(queued), bytes]));
  }

  private writeFrames(frames: PreparedFrame[], bytes: Buffer): void {
    if (!this.isOpen) return;
    if (this.isSlowConsumer()) return;
    const internals = this.socket as unknown as { _socket?: Socket; _sender?: { _queue: unknown[] } };
    if (internals._socket && internals._sender?._queue.length === 0) internals._socket.write(bytes);
    else for (const frame of frames) this.socket.send(frame.text, { binary: false });
  }

  /** Live changes for a connection that is resuming: held, or sent minus those at or below the room's floor. */
  deliverResuming(messages: ChatMessage[]): void {
    if (this.held) {
      this.held.push(messages);
      return;
    }
    const roomId = messages[0]?.room_id as number;
    const floor = this.floors?.get(roomId);
    const fresh = floor === undefined ? messages : messages.filter((message) => message.rev > floor);
    if (fresh.length === 0) return;
    // A room's changes reach this process in rev order (room-streams.ts): once one is above the floor, all later ones are.
    this.floors?.delete(roomId);
    if (this.floors?.size === 0) this.floors = undefined;
    this.send('send', { connection_id: null, messages: fresh });
  }

  close(code: number = CLOSE_CODES.normal, reason = ''): void {
    this.writeQueuedReplies();
    if (this.socket.readyState <= OPEN) this.socket.close(code, reason);
  }
}
