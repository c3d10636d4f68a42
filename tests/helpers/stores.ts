import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/storage/store.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const IN_CI = process.env.CI === 'true';

export type StoreName = 'pglite' | 'postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The stores a suite runs on. PostgreSQL is skipped only on a developer
 * machine without it; under CI=true a missing PostgreSQL fails the run.
 */
export async function availableStores(): Promise<StoreName[]> {
  if (await postgresReachable()) return ['pglite', 'postgres'];
  if (IN_CI) throw new Error(`CI=true but PostgreSQL is not reachable at ${TEST_DATABASE_URL}`);
  console.warn(`PostgreSQL not reachable at ${TEST_DATABASE_URL}: running on PGlite only`);
  return ['pglite'];
}

/** Where one test server keeps its data: a fresh schema in PostgreSQL, or a fresh PGlite directory. */
export interface StoreLocation {
  name: StoreName;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function freshStoreLocation(name: StoreName): Promise<StoreLocation> {
  if (name === 'postgres') {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    return {
      name,
      env: { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema },
      dispose: async () => {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'cc-pglite-'));
  return { name, env: { DATA_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** A store opened directly (no server) at a fresh location: for suites that test storage and domain code. */
export async function openFreshStore(name: StoreName): Promise<{ store: Store; location: StoreLocation }> {
  const location = await freshStoreLocation(name);
  const store = await openStore(
    name === 'postgres'
      ? { databaseUrl: location.env.DATABASE_URL as string, schema: location.env.DATABASE_SCHEMA as string, dataDir: '' }
      : { dataDir: location.env.DATA_DIR as string },
  );
  return { store, location };
}
