import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-services.js';
import { redisAvailable } from '../helpers/redis.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores } from '../helpers/stores.js';
import { useProcesses } from '../helpers/suite.js';

const runs = (await availableStores()).includes('postgres') && (await redisAvailable());

const tagged = (client: TestClient, prefix: string) => client.messages().filter((m) => m.content.startsWith(prefix));

/** Every reader ends with exactly the database's messages, in seq order, without reconnecting. */
async function expectReaderComplete(reader: TestClient, prefix: string, count: number): Promise<void> {
  await reader.next('send', () => tagged(reader, prefix).length >= count, 15_000);
  const seqs = tagged(reader, prefix).map((m) => m.seq);
  expect(seqs).toEqual(Array.from({ length: count }, (_, i) => (seqs[0] as number) + i));
}

describe.runIf(runs)('Redis is at-most-once; PostgreSQL fills what it loses (two processes, a private Redis)', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    redis?.thaw();
    await redis?.kill();
  });
  const processes = useProcesses(() => {
    const env = { REDIS_URL: redis.url, GAP_FILL_MS: '100', STREAM_CHECK_MS: '300' };
    return [env, env];
  });

  it('delivers what was posted while Redis was down to readers on the other process, which never reconnect', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const alice = await (await TestClient.connect(east.wsUrl)).signup();
    const readers = [await (await TestClient.connect(east.wsUrl)).signup(), await (await TestClient.connect(west.wsUrl)).signup()];
    await redis.kill();
    for (let i = 0; i < 10; i++) await alice.expectReply('message', { content: `down ${i}` }, 'ack');
    await redis.start();
    for (let i = 10; i < 15; i++) await alice.expectReply('message', { content: `down ${i}` }, 'ack');
    for (const reader of readers) await expectReaderComplete(reader, 'down ', 15);
    expect(readers.every((reader) => reader.closed === undefined)).toBe(true);
  }, 40_000);

  it('keeps committing and acknowledging while Redis hangs, and the other process still delivers', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const alice = await (await TestClient.connect(east.wsUrl)).signup();
    const reader = await (await TestClient.connect(west.wsUrl)).signup();
    redis.freeze();
    try {
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        await alice.expectReply('message', { content: `frozen ${i}` }, 'ack');
        expect(Date.now() - started).toBeLessThan(2_000);
      }
      // Nothing crosses Redis while it hangs; west compares its rooms with the database and fills them.
      await expectReaderComplete(reader, 'frozen ', 5);
    } finally {
      redis.thaw();
    }
  }, 40_000);
});
