import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-services.js';
import { redisAvailable } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const runs = await redisAvailable();

describe.runIf(runs)('a Redis outage (PGlite + a private Redis)', () => {
  let location: StoreLocation;
  let server: TestServer;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    location = await freshStoreLocation('pglite');
    server = await startTestServer({ ...location.env, REDIS_URL: redis.url, PRESENCE_HEARTBEAT_MS: '200' });
  });
  afterAll(async () => {
    await redis?.kill();
    await server?.close().catch(() => {});
    await location?.dispose();
  });

  it('keeps acking committed messages and stays up while Redis is down, and repairs presence when it returns', async () => {
    const alice = await (await TestClient.connect(server.wsUrl)).signup();
    await alice.next('presence', (p) => p.users.some((u) => u.user_id === alice.userId && u.online));
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    alice.send('message', { content: 'while redis is down', request_id: 'down' });
    const ack = await alice.next('ack', (p) => p.request_id === 'down', 10_000);
    expect(ack.payload.message_id).toBeGreaterThan(0);
    const history = await alice.expectReply('history', { room_id: 1 }, 'history');
    expect(history.messages.map((m) => m.content)).toContain('while redis is down');

    await redis.start();
    const bob = await (await TestClient.connect(server.wsUrl)).signup();
    await bob.next('presence', (p) => p.users.some((u) => u.user_id === bob.userId && u.online), 15_000);
    const { members } = await bob.expectReply('members', { room_id: 1 }, 'members');
    expect(members.find((m) => m.user_id === alice.userId)?.online).toBe(true);
  }, 40_000);
});
