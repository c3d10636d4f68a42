import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { redisAvailable } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const runs = await redisAvailable();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private redis-server this suite may stop and start, unlike the shared one. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => socket.close(() => resolve(false)));
      socket.once('error', () => resolve(true));
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('redis-server did not start');
}

describe.runIf(runs)('a Redis outage (PGlite + a private Redis)', () => {
  let location: StoreLocation;
  let server: TestServer;
  let redis: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    location = await freshStoreLocation('pglite');
    server = await startTestServer({ ...location.env, REDIS_URL: `redis://127.0.0.1:${port}`, PRESENCE_HEARTBEAT_MS: '200' });
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await server?.close().catch(() => {});
    await location?.dispose();
  });

  it('keeps acking committed messages and stays up while Redis is down, and repairs presence when it returns', async () => {
    const alice = await (await TestClient.connect(server.wsUrl)).signup();
    await alice.next('presence', (p) => p.users.some((u) => u.user_id === alice.userId && u.online));
    redis.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    alice.send('message', { content: 'while redis is down', request_id: 'down' });
    const ack = await alice.next('ack', (p) => p.request_id === 'down', 10_000);
    expect(ack.payload.message_id).toBeGreaterThan(0);
    const history = await alice.expectReply('history', { room_id: 1 }, 'history');
    expect(history.messages.map((m) => m.content)).toContain('while redis is down');

    redis = await startRedis(port);
    const bob = await (await TestClient.connect(server.wsUrl)).signup();
    await bob.next('presence', (p) => p.users.some((u) => u.user_id === bob.userId && u.online), 15_000);
    const { members } = await bob.expectReply('members', { room_id: 1 }, 'members');
    expect(members.find((m) => m.user_id === alice.userId)?.online).toBe(true);
  }, 40_000);
});
