import { Redis } from 'ioredis';
import type { Bus, BusEvent, BusHandler } from './bus.js';

/**
 * Fan-out across processes over Redis pub/sub. Every process, the publisher
 * included, hears each event from Redis, so one process behaves exactly like
 * several. Pub/sub is at-most-once; a reconnecting client closes any gap from
 * history, which is the source of truth.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly handlers = new Set<BusHandler>();
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {
    subscriber.on('messageBuffer', (_channel: Buffer, data: Buffer) => this.deliver(JSON.parse(data.toString('utf8')) as BusEvent));
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
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, options);
    // ioredis reconnects by itself; errors in between are reported, not thrown into the void.
    publisher.on('error', onError);
    subscriber.on('error', onError);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channel);
    return new RedisBus(publisher, subscriber, channel);
  }

  async publish(event: BusEvent): Promise<void> {
    // Sockets closing during shutdown still announce themselves; after close there is nobody to tell.
    if (this.closed) return;
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  private deliver(event: BusEvent): void {
    for (const handler of this.handlers) handler(event);
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
