import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { type DelayProxy, startDelayProxy } from '../helpers/delay-proxy.js';
import { redisAvailable } from '../helpers/redis.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores, TEST_REDIS_URL } from '../helpers/stores.js';
import { useProcesses } from '../helpers/suite.js';

const runs = (await availableStores()).includes('postgres') && (await redisAvailable());
const LAG_MS = 300;

const contents = (client: TestClient, prefix: string) => client.messages().filter((m) => m.content.startsWith(prefix));

/** Two processes on one database; west's link to Redis lags 300 ms each way, as a congested link would. */
describe.runIf(runs)('two processes, one lagging on the bus', () => {
  let proxy: DelayProxy;
  beforeAll(async () => {
    proxy = await startDelayProxy(Number(new URL(TEST_REDIS_URL).port), LAG_MS);
  });
  afterAll(() => proxy?.close());
  const processes = useProcesses(() => {
    const env = { GAP_FILL_MS: '100', STREAM_CHECK_MS: '500' };
    return [
      { ...env, REDIS_URL: TEST_REDIS_URL },
      { ...env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
    ];
  });

  it('delivers a room in seq order, each message once, whatever order the bus brings them in', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const alice = await (await TestClient.connect(east.wsUrl)).signup();
    const bob = await (await TestClient.connect(west.wsUrl)).signup();
    const readers = [await (await TestClient.connect(east.wsUrl)).signup(), await (await TestClient.connect(west.wsUrl)).signup()];
    // Bob's message commits first, then alice's; bob's reaches Redis 300 ms later than alice's.
    for (let i = 0; i < 10; i++) {
      bob.send('message', { content: `order ${i}a` });
      await new Promise((resolve) => setTimeout(resolve, 40));
      alice.send('message', { content: `order ${i}b` });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    for (const reader of readers) {
      await reader.next('send', () => contents(reader, 'order ').length >= 20, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2 * LAG_MS));
      const seqs = contents(reader, 'order ').map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => (seqs[0] as number) + i));
      const stored = await reader.expectReply('history', { room_id: 1, after_seq: (seqs[0] as number) - 1, limit: 20 }, 'history');
      expect(contents(reader, 'order ').map((m) => m.message_id)).toEqual(stored.messages.map((m) => m.message_id));
    }
  });

  it('never repeats a message on resume at a process whose bus still carries it', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const alice = await (await TestClient.connect(east.wsUrl)).signup();
    const carol = await (await TestClient.connect(east.wsUrl)).signup();
    const token = (carol.all('authorize')[0]?.payload.token ?? '') as string;
    await alice.expectReply('message', { content: 'held already' }, 'ack');
    const held = await carol.next('send', (p) => p.messages.some((m) => m.content === 'held already'));
    const seq = held.payload.messages.find((m) => m.content === 'held already')?.seq as number;
    carol.close();
    // West has not heard of the message yet (it is 300 ms away on west's link) when carol resumes there.
    const again = await TestClient.connect(west.wsUrl);
    const resumed = await again.call('resume', { token, since_seq: { 1: seq } });
    expect(resumed.kind).toBe('authorize');
    await again.next('resumed');
    await new Promise((resolve) => setTimeout(resolve, 3 * LAG_MS));
    expect(contents(again, 'held already')).toHaveLength(0);
    await alice.expectReply('message', { content: 'after resume' }, 'ack');
    await again.next('send', (p) => p.messages.some((m) => m.content === 'after resume'), 5_000);
    expect(contents(again, 'held already')).toHaveLength(0);
  });
});
