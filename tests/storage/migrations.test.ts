import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { freshStoreLocation, type StoreLocation, TEST_DATABASE_URL } from '../helpers/stores.js';

/** What the release before this one shipped: 006 landed before 004, 005 and 007. */
const SHIPPED_EARLIER = new Set(['001_initial', '002_change_log', '003_message_life', '006_notifications']);

describe('upgrading a database migrated by an earlier release (PostgreSQL)', () => {
  let location: StoreLocation | undefined;
  let db: Kysely<unknown> | undefined;
  afterAll(async () => {
    await db?.destroy();
    await location?.dispose();
  });

  it('applies the migrations numbered below one it already has, in name order, and leaves nothing pending', async () => {
    location = await freshStoreLocation('postgres');
    const schema = location.env.DATABASE_SCHEMA as string;
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    pool.on('connect', (client) => void client.query(`set search_path to "${schema}", public`));
    db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    await sql.raw(`create schema if not exists "${schema}"`).execute(db);

    expect(await migrateToLatest(db, schema, (name) => SHIPPED_EARLIER.has(name))).toEqual([...SHIPPED_EARLIER]);
    const later = await migrateToLatest(db, schema);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((name) => !SHIPPED_EARLIER.has(name))).toBe(true);
    expect(later).toEqual([...later].sort());
    expect(await migrateToLatest(db, schema)).toEqual([]);
  });
});
