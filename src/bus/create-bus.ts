import type { Bus } from './bus.js';
import { MemoryBus } from './memory-bus.js';
import { RedisBus } from './redis-bus.js';

/**
 * REDIS_URL set: fan out through Redis to every process sharing the database; unset: in-process.
 * `channel` must be unique per deployment (derived from the database's deployment id), because
 * Redis pub/sub channels are global to the server whatever /db number the URL names.
 */
export async function createBus(redisUrl: string | undefined, channel: string, onError: (error: Error) => void): Promise<Bus> {
  return redisUrl ? RedisBus.connect(redisUrl, channel, onError) : new MemoryBus(onError);
}
