import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { availableStores, freshStoreLocation, type StoreLocation, TEST_DATABASE_URL } from '../helpers/stores.js';

const stores = await availableStores();

/**
 * The search indexes keep new entries in a pending list that PostgreSQL merges inside whichever insert
 * finds it over 4 MB: a group commit that then takes 150–200 ms. The server merges it from another
 * connection every 100 000 committed characters, so no commit carries that merge.
 */
describe.runIf(stores.includes('postgres'))('search index upkeep on PostgreSQL', () => {
  let location: StoreLocation;
  let server: TestServer;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  beforeAll(async () => {
    location = await freshStoreLocation('postgres');
    server = await startTestServer({ ...location.env, MESSAGES_PER_SECOND: '1000' });
    await admin.connect();
    await admin.query('create extension if not exists pgstattuple').catch(() => undefined);
  });
  afterAll(async () => {
    await admin.end();
    await server.close();
    await location.dispose();
  });

  const pendingPages = async (index: string) => {
    const { rows } = await admin.query('select pending_pages from pgstatginindex($1::regclass)', [
      `${location.env.DATABASE_SCHEMA}.${index}`,
    ]);
    return Number(rows[0].pending_pages);
  };

  it('merges the pending entries once 100 000 characters are committed, and not before', async () => {
    const sender = await TestClient.connect(server.wsUrl).then((client) => client.signup());
    const post = async (count: number, from: number) => {
      for (let i = from; i < from + count; i++) {
        sender.send('message', { content: `${i} ${'lorem ipsum dolor sit amet '.repeat(150)}`.slice(0, 4000), request_id: `u${i}` });
      }
      await Promise.all(Array.from({ length: count }, (_, i) => sender.next('ack', (p) => p.request_id === `u${from + i}`, 10_000)));
    };
    await post(20, 0); // 80 000 characters: under the threshold, the entries wait in the list
    expect(await pendingPages('messages_trgm_idx')).toBeGreaterThan(0);
    await post(5, 20); // 100 000: the server merges both lists
    const deadline = Date.now() + 10_000;
    while ((await pendingPages('messages_trgm_idx')) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await pendingPages('messages_trgm_idx')).toBe(0);
    expect(await pendingPages('messages_search_idx')).toBe(0);
  }, 60_000);
});
