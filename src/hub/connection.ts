import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Actor } from '../domain/actor.js';
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
   * Writes an already-encoded text frame. A client that stops reading would
   * otherwise grow our memory without bound; past the limit it is dropped and
   * can reconnect and catch up from history.
   */
  sendRaw(frame: string | Buffer): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > this.limits.sendBufferLimitBytes) {
      this.close(CLOSE_CODES.tryAgainLater, 'slow consumer');
      return;
    }
    this.socket.send(frame, { binary: false });
  }

  /**
   * Writes frames prepared by `PreparedFrame` straight to the TCP socket, in
   * one write. Safe because permessage-deflate is off: ws then never holds
   * frames of its own in a queue that these bytes could overtake (checked,
   * with a fallback to `send`).
   */
  sendFrames(frames: PreparedFrame[], bytes: Buffer = PreparedFrame.join(frames)): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > this.limits.sendBufferLimitBytes) {
      this.close(CLOSE_CODES.tryAgainLater, 'slow consumer');
      return;
    }
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
    if (this.socket.readyState <= OPEN) this.socket.close(code, reason);
  }
}
