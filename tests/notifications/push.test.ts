import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { TestPushService } from '../helpers/push-service.js';
import { redisAvailable } from '../helpers/redis.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores, TEST_REDIS_URL } from '../helpers/stores.js';
import { useProcesses, useServer } from '../helpers/suite.js';

const stores = await availableStores();
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await settle(50);
  }
}

describe.each(stores)('notification levels and Web Push on %s', (store) => {
  const server = useServer(store, { OUTBOUND_ALLOW_LOOPBACK: 'true' });
  const pushService = new TestPushService();
  beforeAll(() => pushService.start());
  afterAll(() => pushService.close());
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();
  let paths = 0;

  /** A user who subscribed a device, then closed every tab: pushes are for them now. */
  const awayWithDevice = async () => {
    const client = await user();
    const path = `/push/${store}/${++paths}`;
    const subscription = pushService.subscription(path);
    const answer = await client.expectReply('push_subscribe', subscription, 'push_subscription');
    expect(answer).toMatchObject({ endpoint: subscription.endpoint, subscribed: true });
    return { client, path };
  };
  const pushesTo = (path: string) => pushService.received.filter((push) => push.path === path);

  it('pushes a DM to an offline member: encrypted for the device, signed with our VAPID key, with TTL, urgency and topic', async () => {
    const { client: ben, path } = await awayWithDevice();
    const anna = await user();
    const { room } = await anna.expectReply('dm_open', { nickname: ben.nickname }, 'room');
    ben.close();
    await settle();
    const ack = await anna.expectReply('message', { room_id: room.room_id, content: 'are you there? '.repeat(20) }, 'ack');
    await until(() => pushesTo(path).length === 1, 'the push');
    const push = pushesTo(path)[0];
    expect(push?.payload).toEqual({
      title: anna.nickname,
      body: [...'are you there? '.repeat(20)].slice(0, 140).join(''),
      room_id: room.room_id,
      message_id: ack.message_id,
      url: `/r/${room.room_id}/${ack.seq}`,
    });
    const key = (await (await fetch(`${server().url}/api/push/key`)).json()) as { public_key: string };
    expect(push?.vapid).toMatchObject({ aud: pushService.base, publicKey: key.public_key });
    expect(push?.vapid.exp).toBeGreaterThan(Date.now() / 1000);
    expect(push?.headers).toMatchObject({ ttl: '86400', urgency: 'high', topic: `room-${room.room_id}`, 'content-encoding': 'aes128gcm' });
  });

  it("follows levels and mutes, and never pushes while one of the user's connections is live", async () => {
    const { client: ben, path } = await awayWithDevice();
    const anna = await user();
    const { room } = await anna.expectReply('room_create', { kind: 'private', name: 'levels', members: [ben.nickname] }, 'room');
    await ben.next('room', (p) => p.room.room_id === room.room_id);
    const second = await TestClient.connect(server().wsUrl);
    await second.expectReply('resume', { token: ben.all('authorize')[0]?.payload.token }, 'authorize');
    // While ben has a tab open, even a mention is not pushed.
    await anna.expectReply('message', { room_id: room.room_id, content: `@${ben.nickname} live` }, 'ack');
    ben.close();
    await settle();
    await anna.expectReply('message', { room_id: room.room_id, content: `@${ben.nickname} second tab still open` }, 'ack');
    const muted = await second.expectReply('room_notify', { room_id: room.room_id, level: 'all', muted_until: 'forever' }, 'room_notify');
    expect(muted).toMatchObject({ room_id: room.room_id, level: 'all', muted_until: 'forever' });
    const listed = (await second.expectReply('rooms', {}, 'rooms')).rooms.find((r) => r.room_id === room.room_id);
    expect(listed).toMatchObject({ notify_level: 'all', muted_until: 'forever' });
    second.close();
    await settle();
    await anna.expectReply('message', { room_id: room.room_id, content: 'muted: not pushed' }, 'ack');
    await anna.expectReply('message', { room_id: room.room_id, content: `@${ben.nickname} muted but named` }, 'ack');
    await until(() => pushesTo(path).length >= 1, 'the mention push');
    await settle(500);
    expect(pushesTo(path).map((push) => push.payload.body)).toEqual([`@${ben.nickname} muted but named`]);
  });

  it('tells every connection of the user about a setting at once, and refuses bad ones', async () => {
    const ben = await user();
    const other = await TestClient.connect(server().wsUrl);
    await other.expectReply('resume', { token: ben.all('authorize')[0]?.payload.token }, 'authorize');
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await ben.expectReply('room_notify', { room_id: 1, level: 'nothing', muted_until: until }, 'room_notify');
    const seen = await other.next('room_notify');
    expect(seen.payload).toEqual({ room_id: 1, level: 'nothing', muted_until: until });
    expect((await ben.call('room_notify', { room_id: 1, level: 'loud' })).payload).toMatchObject({ code: 'invalid_payload' });
    expect((await ben.call('room_notify', { room_id: 1, muted_until: '2001-01-01T00:00:00Z' })).payload).toMatchObject({
      code: 'invalid_payload',
    });
    expect((await ben.call('room_notify', { room_id: 999_999, level: 'all' })).payload).toMatchObject({ code: 'not_found' });
  });

  it('refuses push endpoints the server must not call, and more than 10 devices', async () => {
    const ben = await user();
    const keys = pushService.subscription('/unused').keys;
    for (const endpoint of ['http://10.0.0.1/push', 'https://169.254.169.254/x', 'ftp://example.com/', 'not a url']) {
      expect((await ben.call('push_subscribe', { endpoint, keys })).payload, endpoint).toMatchObject({ code: 'invalid_payload' });
    }
    for (let i = 0; i < 10; i++)
      await ben.expectReply('push_subscribe', pushService.subscription(`/cap/${store}/${i}`), 'push_subscription');
    expect((await ben.call('push_subscribe', pushService.subscription(`/cap/${store}/10`))).payload).toMatchObject({ code: 'forbidden' });
  });

  it('forgets a subscription the push service says is gone, and retries one that failed', async () => {
    const gone = await awayWithDevice();
    const failing = await awayWithDevice();
    pushService.status.set(gone.path, 410);
    pushService.status.set(failing.path, 500);
    const anna = await user();
    for (const target of [gone, failing]) {
      const { room } = await anna.expectReply('dm_open', { nickname: target.client.nickname }, 'room');
      target.client.close();
      await settle();
      await anna.expectReply('message', { room_id: room.room_id, content: 'hello?' }, 'ack');
    }
    const attempts = pushService.attempts;
    await settle(1_500);
    pushService.status.delete(failing.path);
    await until(() => pushesTo(failing.path).length === 1, 'the retried push', 10_000);
    expect(pushService.attempts).toBeGreaterThan(attempts);
    const left = await server().server.store.db.selectFrom('push_subscriptions').select('endpoint').execute();
    expect(left.map((row) => row.endpoint)).not.toContain(`${pushService.base}${gone.path}`);
    expect(left.map((row) => row.endpoint)).toContain(`${pushService.base}${failing.path}`);
  }, 20_000);
});

const twoProcesses = stores.includes('postgres') && (await redisAvailable());

describe.runIf(twoProcesses)('Web Push with two processes (Redis)', () => {
  const pushService = new TestPushService();
  beforeAll(() => pushService.start());
  afterAll(() => pushService.close());
  const processes = useProcesses(() => {
    const env = { REDIS_URL: TEST_REDIS_URL, OUTBOUND_ALLOW_LOOPBACK: 'true' };
    return [env, env];
  });

  it('sends each push exactly once, from the process that committed the message', async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const ben = await (await TestClient.connect(west.wsUrl)).signup();
    const subscription = pushService.subscription('/two/ben');
    await ben.expectReply('push_subscribe', subscription, 'push_subscription');
    const anna = await (await TestClient.connect(east.wsUrl)).signup();
    const carl = await (await TestClient.connect(west.wsUrl)).signup();
    const { room } = await anna.expectReply('room_create', { kind: 'group', members: [ben.nickname, carl.nickname] }, 'room');
    await carl.next('room', (p) => p.room.room_id === room.room_id);
    ben.close();
    await settle(500);
    for (let i = 0; i < 5; i++) {
      await anna.expectReply('message', { room_id: room.room_id, content: `east ${i}` }, 'ack');
      await carl.expectReply('message', { room_id: room.room_id, content: `west ${i}` }, 'ack');
    }
    await until(() => pushService.received.length >= 10, 'ten pushes');
    await settle(1_000);
    const bodies = pushService.received.map((push) => push.payload.body).sort();
    expect(bodies).toEqual(
      [...Array.from({ length: 5 }, (_, i) => `east ${i}`), ...Array.from({ length: 5 }, (_, i) => `west ${i}`)].sort(),
    );
  });

  it('a push service that never answers slows no message', async () => {
    const [east] = processes() as [TestServer, TestServer];
    const ben = await (await TestClient.connect(east.wsUrl)).signup();
    await ben.expectReply('push_subscribe', pushService.subscription('/two/hang'), 'push_subscription');
    pushService.status.set('/two/hang', 0);
    const anna = await (await TestClient.connect(east.wsUrl)).signup();
    const { room } = await anna.expectReply('dm_open', { nickname: ben.nickname }, 'room');
    const ackTimes = async (count: number) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        await anna.expectReply('message', { room_id: room.room_id, content: `timed ${i}` }, 'ack');
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(count / 2)] as number;
    };
    const withReader = await ackTimes(20);
    ben.close();
    await settle(500);
    const withHungPushes = await ackTimes(20);
    expect(pushService.attempts).toBeGreaterThan(0);
    // Every message now queues a push that hangs for its full timeout; the acks must not notice.
    expect(withHungPushes).toBeLessThan(Math.max(3 * withReader, withReader + 20));
  });
});
