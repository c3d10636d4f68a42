import type { ChatMessage } from '../protocol/message.js';
import type { Connection } from './connection.js';

interface RoomBatch {
  messages: ChatMessage[];
  /** The sender's connection when every message in the batch came from one connection. */
  connectionId: string | null;
  mixed: boolean;
}

/**
 * Coalesces the messages of one tick into one `send` frame per room. The
 * frame is serialized once and the same buffer is written to every
 * subscriber: the per-frame cost (a write per socket), not the per-message
 * cost, is what limits a chat server, so fewer, fuller frames win.
 */
export class Fanout {
  private pending = new Map<number, RoomBatch>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tickMs: number,
    private readonly subscribersOf: (roomId: number) => Iterable<Connection> | undefined,
  ) {}

  enqueue(message: ChatMessage, connectionId: string | null): void {
    const batch = this.pending.get(message.room_id);
    if (!batch) {
      this.pending.set(message.room_id, { messages: [message], connectionId, mixed: false });
    } else {
      batch.messages.push(message);
      if (batch.connectionId !== connectionId) batch.mixed = true;
    }
    if (this.tickMs === 0) return;
    this.timer ??= setTimeout(() => this.flush(), this.tickMs);
  }

  /** Sends everything queued; with a tick of 0 the caller flushes after each bus event. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rooms = this.pending;
    this.pending = new Map();
    for (const [roomId, batch] of rooms) {
      const subscribers = this.subscribersOf(roomId);
      if (!subscribers) continue;
      const payload = { connection_id: batch.mixed ? null : batch.connectionId, messages: batch.messages };
      const frame = Buffer.from(JSON.stringify({ kind: 'send', payload }));
      for (const connection of subscribers) connection.sendRaw(frame);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
