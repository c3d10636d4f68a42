import { Redis } from 'ioredis';
import { IN_CI, TEST_REDIS_URL } from './stores.js';

/** Whether Redis answers; under CI=true a missing Redis fails the suite instead of skipping it. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    if (IN_CI) throw new Error(`CI=true but Redis is not reachable at ${TEST_REDIS_URL}`);
    console.warn(`Redis not reachable at ${TEST_REDIS_URL}: skipping Redis suites`);
    return false;
  } finally {
    client.disconnect();
  }
}
