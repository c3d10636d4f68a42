import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-services.js';
import { redisAvailable } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';
const runs = await redisAvailable();

const get = async (url: string, token?: string) => {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe.runIf(runs)('/health and /ready (PGlite + a private Redis)', () => {
  let location: StoreLocation;
  let server: TestServer;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    location = await freshStoreLocation('pglite');
    server = await startTestServer({ ...location.env, REDIS_URL: redis.url, METRICS_TOKEN });
  });
  afterAll(async () => {
    await redis?.kill();
    await server?.close().catch(() => {});
    await location?.dispose();
  });

  it('is ready when the database answers and the bus is connected', async () => {
    expect(await get(`${server.url}/ready`)).toEqual({ status: 200, body: { status: 'ok', database: 'ok', bus: 'ok' } });
  });

  it('shows details only with the metrics token', async () => {
    const client = await TestClient.connect(server.wsUrl);
    expect((await get(`${server.url}/health`)).body).toEqual({ status: 'ok' });
    expect((await get(`${server.url}/health`, 'wrong-token-wrong-token')).body).toEqual({ status: 'ok' });
    const detailed = await get(`${server.url}/health`, METRICS_TOKEN);
    expect(detailed.body).toMatchObject({ status: 'ok', store: 'pglite', bus_kind: 'redis' });
    expect(detailed.body.connections).toBeGreaterThanOrEqual(1);
    expect((await get(`${server.url}/ready`, METRICS_TOKEN)).body).toMatchObject({
      status: 'ok',
      store: 'pglite',
      uptime_s: expect.any(Number),
    });
    client.close();
  });

  it('says not ready, naming the bus, while Redis is down, and ready again when it returns', async () => {
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await get(`${server.url}/ready`)).toEqual({ status: 503, body: { status: 'unavailable', database: 'ok', bus: 'disconnected' } });
    expect((await get(`${server.url}/health`)).status).toBe(200);
    await redis.start();
    const deadline = Date.now() + 15_000;
    while ((await get(`${server.url}/ready`)).status !== 200) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 30_000);
});
