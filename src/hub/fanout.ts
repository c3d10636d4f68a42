import { fanoutBytes, fanoutFlushSeconds, fanoutFrames } from '../lib/metrics.js';
import type { ChatMessage } from '../protocol/message.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import { AdaptiveTick } from './adaptive-tick.js';
import type { Connection } from './connection.js';
import { PreparedFrame } from './prepared-frame.js';

interface RoomOutbox {
  messages: ChatMessage[];
  /** The sender's connection when every message came from one connection. */
  connectionId: string | null;
  mixed: boolean;
  /** Other frames for the room's subscribers this tick (`remove` notices), in order. */
  frames: PreparedFrame[];
}

/** One room's share of a flush: the bytes, and the sockets still to write them to. */
interface RoomDelivery {
  outbox: RoomOutbox;
  frames: PreparedFrame[];
  bytes: Buffer;
  subscribers: Connection[];
  /** How many of `subscribers` have been written to. */
  written: number;
}

interface Writing {
  /** The first room not yet written to every subscriber. */
  room: number;
  resume: NodeJS.Immediate | undefined;
}

/**
 * Coalesces one tick of traffic into one write per socket per room: the
 * tick's messages become a single `send` frame, serialized and framed once,
 * and the same bytes go to every subscriber. The per-frame cost (a write
 * syscall per socket), not the per-message cost, is what limits a chat
 * server, so fewer, fuller frames win.
 *
 * A flush to a thousand sockets takes 10–15 ms. With `chunkSockets` set it
 * yields to the event loop after that many writes, so the sends, the acks
 * and the database's answers that arrive meanwhile are handled during the
 * flush instead of after it: the next group commit runs while this flush is
 * still writing. Flushes never overlap, so each socket gets a room's frames
 * in order.
 */
export class Fanout {
  private pending = new Map<number, RoomOutbox>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlushAt = 0;
  private readonly tick: AdaptiveTick;
  /** The flush still writing, when it yielded. */
  private writing: Writing | undefined;

  constructor(
    private readonly tickMs: number,
    private readonly subscribersOf: (roomId: number) => Iterable<Connection> | undefined,
    maxTickMs = tickMs,
    private readonly chunkSockets = 0,
  ) {
    this.tick = new AdaptiveTick(tickMs, maxTickMs);
  }

  /** The wait between flushes now (between FANOUT_TICK_MS and FANOUT_MAX_TICK_MS). */
  get currentTickMs(): number {
    return this.tick.ms;
  }

  enqueueMessage(message: ChatMessage, connectionId: string | null): void {
    const outbox = this.outbox(message.room_id, connectionId);
    outbox.messages.push(message);
    if (outbox.connectionId !== connectionId) outbox.mixed = true;
  }

  enqueueFrame(roomId: number, frame: PreparedFrame): void {
    this.outbox(roomId, null).frames.push(frame);
  }

  /** Sends everything queued. With a tick of 0 the caller flushes after each bus event. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // What queued meanwhile goes out when the flush in progress is done (see finish).
    if (this.writing) return;
    const startedAt = performance.now();
    const sinceLast = startedAt - this.lastFlushAt;
    this.lastFlushAt = startedAt;
    const endFlush = fanoutFlushSeconds.startTimer();
    const deliveries = this.prepare(this.pending);
    this.pending = new Map();
    const finish = () => {
      this.writing = undefined;
      endFlush();
      this.tick.observe(performance.now() - startedAt, sinceLast);
      if (this.pending.size > 0) this.timer ??= setTimeout(() => this.flush(), this.untilNextTick());
    };
    if (this.chunkSockets <= 0) {
      this.write(deliveries, 0, Number.POSITIVE_INFINITY);
      finish();
      return;
    }
    const writing: Writing = { room: 0, resume: undefined };
    const step = () => {
      writing.room = this.write(deliveries, writing.room, this.chunkSockets);
      if (writing.room >= deliveries.length) finish();
      else writing.resume = setImmediate(step);
    };
    this.writing = writing;
    step();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.writing?.resume);
    this.writing = undefined;
    this.pending.clear();
  }

  /** Frames each room's outbox once, and fixes who gets it: the room's subscribers as the flush starts. */
  private prepare(rooms: Map<number, RoomOutbox>): RoomDelivery[] {
    const deliveries: RoomDelivery[] = [];
    for (const [roomId, outbox] of rooms) {
      const subscribers = this.subscribersOf(roomId);
      if (!subscribers) continue;
      const frames = [...outbox.frames];
      if (outbox.messages.length > 1) outbox.messages = latestStates(outbox.messages);
      if (outbox.messages.length > 0) {
        const connectionId = outbox.mixed ? null : outbox.connectionId;
        frames.unshift(new PreparedFrame(encodeServerFrame('send', { connection_id: connectionId, messages: outbox.messages })));
      }
      deliveries.push({ outbox, frames, bytes: PreparedFrame.join(frames), subscribers: [...subscribers], written: 0 });
    }
    return deliveries;
  }

  /** Writes to at most `budget` sockets from room `from` on; returns the first room not finished. */
  private write(deliveries: RoomDelivery[], from: number, budget: number): number {
    let room = from;
    let left = budget;
    for (; room < deliveries.length && left > 0; room++) {
      const delivery = deliveries[room] as RoomDelivery;
      const { outbox, frames, bytes, subscribers } = delivery;
      const end = Math.min(subscribers.length, delivery.written + left);
      for (let i = delivery.written; i < end; i++) {
        const connection = subscribers[i] as Connection;
        if (outbox.messages.length > 0 && (connection.held || connection.floors)) {
          connection.deliverResuming(outbox.messages);
          if (outbox.frames.length > 0) connection.sendFrames(outbox.frames);
        } else {
          connection.sendFrames(frames, bytes);
        }
      }
      const count = end - delivery.written;
      fanoutFrames.inc(count);
      fanoutBytes.inc(count * bytes.length);
      left -= count;
      delivery.written = end;
      if (end < subscribers.length) return room;
    }
    return room;
  }

  private untilNextTick(): number {
    return Math.max(0, this.lastFlushAt + this.tick.ms - performance.now());
  }

  private outbox(roomId: number, connectionId: string | null): RoomOutbox {
    let outbox = this.pending.get(roomId);
    if (!outbox) {
      outbox = { messages: [], connectionId, mixed: false, frames: [] };
      this.pending.set(roomId, outbox);
    }
    // Leading edge: after a quiet spell the first message goes out on the next turn of the loop
    // (with whatever else that turn brings); under load, flushes are at least a tick apart.
    if (this.tickMs > 0) this.timer ??= setTimeout(() => this.flush(), this.untilNextTick());
    return outbox;
  }
}

/** A message changed twice in one tick goes out once, in its latest state, where that state came in rev order. */
function latestStates(messages: ChatMessage[]): ChatMessage[] {
  const seen = new Set<number>();
  const kept: ChatMessage[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ChatMessage;
    if (seen.has(message.message_id)) continue;
    seen.add(message.message_id);
    kept.push(message);
  }
  return kept.length === messages.length ? messages : kept.reverse();
}
