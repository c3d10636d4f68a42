import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeploymentId } from '../../src/storage/deployment.js';
import { TestClient } from '../helpers/client.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-services.js';
import { redisAvailable } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const runs = await redisAvailable();

/**
 * Two deployments (each its own database, both in schema `public`) that share
 * one Redis: nothing may cross, and no bus event may grant a room.
 */
describe.runIf(runs)('two deployments sharing one Redis', () => {
  let redis: PrivateRedis;
  const locations: StoreLocation[] = [];
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    for (let i = 0; i < 2; i++) locations.push(await freshStoreLocation('pglite'));
    const [first, second] = await Promise.all(locations.map((location) => startTestServer({ ...location.env, REDIS_URL: redis.url })));
    a = first as TestServer;
    b = second as TestServer;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.kill();
    for (const location of locations) await location.dispose();
  });

  it('keeps every frame and every room of one deployment away from the other', async () => {
    // Deployment B: user 1 owns private room 2; user 2 (dave) is not in it.
    const carol = await (await TestClient.connect(b.wsUrl)).signup();
    const dave = await (await TestClient.connect(b.wsUrl)).signup();
    const { room: secret } = await carol.expectReply('room_create', { kind: 'private', name: 'b-secret' }, 'room');
    await carol.expectReply('message', { room_id: secret.room_id, content: 'only for carol' }, 'ack');
    // Deployment A: the same ids. User 1 creates private room 2 with user 2 and chats.
    const alice = await (await TestClient.connect(a.wsUrl)).signup();
    const bob = await (await TestClient.connect(a.wsUrl)).signup();
    expect([alice.userId, bob.userId]).toEqual([carol.userId, dave.userId]);
    const { room } = await alice.expectReply('room_create', { kind: 'private', name: 'a-room', members: [bob.nickname] }, 'room');
    expect(room.room_id).toBe(secret.room_id);
    await bob.next('room', (p) => p.room.room_id === room.room_id);
    await alice.expectReply('message', { content: 'from A, general' }, 'ack');
    await alice.expectReply('message', { room_id: room.room_id, content: 'from A, private' }, 'ack');
    await bob.next('send', (p) => p.messages.some((m) => m.content === 'from A, private'));

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(JSON.stringify(dave.frames)).not.toContain('from A');
    expect(dave.all('room')).toHaveLength(0);
    const refused = await dave.call('history', { room_id: secret.room_id });
    expect(refused).toMatchObject({ kind: 'error', payload: { code: 'not_found' } });
  });

  it('grants no room on the word of a bus event alone', async () => {
    const carol = await (await TestClient.connect(b.wsUrl)).signup();
    const mallory = await (await TestClient.connect(b.wsUrl)).signup();
    const { room: secret } = await carol.expectReply('room_create', { kind: 'private', name: 'b-vault' }, 'room');
    // Someone with access to the Redis publishes a membership event on B's own channel.
    const forger = new Redis(redis.url);
    const channel = `cerulean-chalice:${await readDeploymentId(b.server.store.db)}`;
    const event = { type: 'membership', userId: mallory.userId, nickname: mallory.nickname, roomId: secret.room_id, room: secret };
    await forger.publish(channel, JSON.stringify({ from: 'forger', event }));
    forger.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mallory.all('room')).toHaveLength(0);
    const posted = await mallory.call('message', { room_id: secret.room_id, content: 'in!' });
    expect(posted).toMatchObject({ kind: 'error', payload: { code: 'not_found' } });
    const read = await mallory.call('history', { room_id: secret.room_id });
    expect(read).toMatchObject({ kind: 'error', payload: { code: 'not_found' } });
  });
});
