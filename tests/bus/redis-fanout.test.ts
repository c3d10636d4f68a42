import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { redisAvailable } from '../helpers/redis.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores, TEST_REDIS_URL } from '../helpers/stores.js';
import { useProcesses } from '../helpers/suite.js';

const runs = (await availableStores()).includes('postgres') && (await redisAvailable());

describe.runIf(runs)('two server processes sharing PostgreSQL and Redis', () => {
  const processes = useProcesses(() => {
    const env = { REDIS_URL: TEST_REDIS_URL, PRESENCE_HEARTBEAT_MS: '300' };
    return [env, env];
  });

  it('delivers a message posted on one server to clients of the other, once, in seq order', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const alice = await (await TestClient.connect(east.wsUrl)).signup();
    const bob = await (await TestClient.connect(west.wsUrl)).signup();
    expect(east.server.bus.kind).toBe('redis');
    for (let i = 0; i < 20; i++) (i % 2 === 0 ? alice : bob).send('message', { content: `cross ${i}` });
    for (const client of [alice, bob]) {
      await client.next('send', () => client.messages().filter((m) => m.content.startsWith('cross ')).length === 20, 10_000);
      const seqs = client.messages().map((m) => m.seq);
      expect(new Set(seqs).size).toBe(20);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('tells clients on the other server when a connection leaves', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const stayer = await (await TestClient.connect(east.wsUrl)).signup();
    const leaver = await (await TestClient.connect(west.wsUrl)).signup();
    leaver.send('disconnect', {});
    await stayer.next('remove', (p) => p.connection_id === leaver.connectionId);
  });

  it('sees a user on the other server as online, and offline when that server dies silently', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const watcher = await (await TestClient.connect(east.wsUrl)).signup();
    const remote = await (await TestClient.connect(west.wsUrl)).signup();
    await watcher.next('presence', (p) => p.users.some((u) => u.user_id === remote.userId && u.online));
    const { members } = await watcher.expectReply('members', { room_id: 1 }, 'members');
    expect(members.find((m) => m.user_id === remote.userId)?.online).toBe(true);
    // West stops talking (as a crashed process would): no goodbye, no heartbeat. Runs last: west stays mute.
    await west.server.bus.close();
    await watcher.next('presence', (p) => p.users.some((u) => u.user_id === remote.userId && !u.online), 5_000);
  });
});
