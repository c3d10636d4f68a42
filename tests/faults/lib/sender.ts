import { type ErrorCode, RETRYABLE_ERROR_CODES } from '../../../src/protocol/errors.js';
import type { ServerFrame } from '../../../src/protocol/server-events.js';
import { messageContent } from './delivery-log.js';
import type { ResumingClient } from './resuming-client.js';

/** One message a sender tried to post, identified by its client_id (also its request_id). */
export interface Attempt {
  clientId: string;
  roomId: number;
  content: string;
  transmissions: number;
  ack?: { messageId: number; seq: number; duplicate: boolean };
  /** A non-retryable refusal: the sender gave the message up. */
  refused?: ErrorCode;
}

export interface SenderOptions {
  roomId: number;
  perSecond: number;
  /** Messages sent but not yet acknowledged at most; the sender waits when this many are out. */
  window: number;
  padTo?: number;
}

const RETRY_DELAY_MS = 250;

/**
 * Posts messages at a steady rate as the web client's outbox does: each with a client_id, kept until
 * acknowledged, re-sent with the same client_id after a retryable error or a reconnect. Records the
 * time from each transmission on an open connection to its answer.
 */
export class Sender {
  readonly attempts = new Map<string, Attempt>();
  /** Milliseconds from a transmission to its answer (ack or error). */
  readonly answerMs: number[] = [];
  /** Answers by kind: `ack`, or the error code. */
  readonly answers = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly inFlight = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private next = 0;

  constructor(
    readonly client: ResumingClient,
    private readonly options: SenderOptions,
  ) {
    client.onFrame((frame) => this.onFrame(frame));
    client.onReady(() => this.resendPending());
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), 1_000 / this.options.perSecond);
  }

  /** Stops posting new messages; what is pending is still retried until `settle`. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get unacknowledged(): number {
    return this.pending.size;
  }

  /** The longest a transmission on an open connection has waited for its answer, answered or not. */
  longestWaitMs(): number {
    const now = performance.now();
    const waiting = this.client.isConnected ? [...this.inFlight.values()].map((sent) => now - sent) : [];
    return Math.round(Math.max(0, ...this.answerMs, ...waiting));
  }

  /** Stops, then keeps re-sending until every message is acknowledged or refused, or the time is up. */
  async settle(timeoutMs: number): Promise<void> {
    this.stop();
    const deadline = performance.now() + timeoutMs;
    while (this.pending.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = performance.now();
      // A transmission unanswered for 5 s on a live connection is sent again: safe, the client_id dedupes it.
      for (const id of this.pending) if (now - (this.inFlight.get(id) ?? 0) > 5_000) this.transmit(id);
    }
  }

  private tick(): void {
    if (this.pending.size >= this.options.window) return;
    const clientId = `${this.client.nickname}-${++this.next}`;
    const content = messageContent(clientId, this.options.padTo);
    this.attempts.set(clientId, { clientId, roomId: this.options.roomId, content, transmissions: 0 });
    this.pending.add(clientId);
    this.transmit(clientId);
  }

  private transmit(clientId: string): void {
    const attempt = this.attempts.get(clientId);
    const connection = this.client.connection;
    if (!attempt || !connection?.isOpen) return;
    attempt.transmissions++;
    this.inFlight.set(clientId, performance.now());
    connection.send('message', { content: attempt.content, room_id: attempt.roomId, client_id: clientId, request_id: clientId });
  }

  private resendPending(): void {
    this.inFlight.clear();
    for (const clientId of this.pending) this.transmit(clientId);
  }

  private answered(clientId: string, kind: string): Attempt | undefined {
    const attempt = this.attempts.get(clientId);
    if (!attempt) return undefined;
    const sent = this.inFlight.get(clientId);
    if (sent !== undefined) this.answerMs.push(Math.round(performance.now() - sent));
    this.inFlight.delete(clientId);
    this.answers.set(kind, (this.answers.get(kind) ?? 0) + 1);
    return attempt;
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.kind === 'ack') {
      const attempt = this.answered(frame.payload.request_id, 'ack');
      if (!attempt) return;
      attempt.ack ??= { messageId: frame.payload.message_id, seq: frame.payload.seq, duplicate: frame.payload.duplicate === true };
      this.pending.delete(attempt.clientId);
    } else if (frame.kind === 'error' && frame.payload.request_id !== undefined) {
      const attempt = this.answered(frame.payload.request_id, frame.payload.code);
      if (!attempt || attempt.ack) return;
      if (RETRYABLE_ERROR_CODES.has(frame.payload.code)) {
        setTimeout(() => this.pending.has(attempt.clientId) && this.transmit(attempt.clientId), RETRY_DELAY_MS);
      } else {
        attempt.refused = frame.payload.code;
        this.pending.delete(attempt.clientId);
      }
    }
  }
}
