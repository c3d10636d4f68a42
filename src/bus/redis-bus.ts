import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { busPublishFailures } from '../lib/metrics.js';
import { type Bus, type BusEvent, type BusHandler, deliverTo } from './bus.js';

/** A publish that Redis has not answered by then is given up (and reported): a hung Redis must not pile up work. */
const COMMAND_TIMEOUT_MS = 2_000;

interface Envelope {
  /** The publishing process: it already handled its own event and skips the copy Redis brings back. */
  from: string;
  event: BusEvent;
}

/**
 * Fan-out across processes over Redis pub/sub. The publishing process
 * handles its own events at once, so a Redis outage never stops delivery
 * to its own sockets; the others hear them through Redis. Pub/sub is
 * at-most-once: what is lost while Redis is away or a subscriber
 * reconnects, the hubs refill from PostgreSQL (hub/room-streams.ts), told by
 * `bus_reconnected` and by gaps in a room's revs.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly handlers = new Set<BusHandler>();
  private readonly processId = randomUUID();
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly onError: (error: Error) => void,
  ) {
    subscriber.on('messageBuffer', (_channel: Buffer, data: Buffer) => this.receive(data));
    // ioredis resubscribes by itself after a reconnect; what was published meanwhile is gone.
    // Attached after the first connect, so every 'ready' here is a reconnect. Announce only once the
    // subscription is confirmed again, or our own re-announcements would be missed.
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(
        () => this.deliver({ type: 'bus_reconnected' }),
        () => {},
      );
    });
  }

  static async connect(url: string, channel: string, onError: (error: Error) => void): Promise<RedisBus> {
    const options: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS };
    // The publisher fails fast while disconnected instead of queueing: a queue would replay stale events late.
    const publisher = new Redis(url, { ...options, enableOfflineQueue: false });
    const subscriber = new Redis(url, options);
    // ioredis reconnects by itself; errors in between are reported, not thrown into the void.
    publisher.on('error', onError);
    subscriber.on('error', onError);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channel);
    return new RedisBus(publisher, subscriber, channel, onError);
  }

  async publish(event: BusEvent): Promise<void> {
    this.deliver(event);
    // Sockets closing during shutdown still announce themselves; after close there is nobody to tell.
    if (this.closed) return;
    const envelope: Envelope = { from: this.processId, event };
    try {
      await this.publisher.publish(this.channel, JSON.stringify(envelope));
    } catch (error) {
      busPublishFailures.inc();
      this.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private receive(data: Buffer): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(data.toString('utf8')) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.processId || typeof envelope.event !== 'object' || envelope.event === null) return;
    this.deliver(envelope.event);
  }

  isConnected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  private deliver(event: BusEvent): void {
    deliverTo(this.handlers, event, this.onError);
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.subscriber.disconnect();
    await this.publisher.quit().catch(() => this.publisher.disconnect());
  }
}
