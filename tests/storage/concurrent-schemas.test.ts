import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { availableStores, openFreshStore, TEST_DATABASE_URL } from '../helpers/stores.js';

const stores = await availableStores();

/**
 * Several deployments (or test runs) share one PostgreSQL database, each in its own schema. Migrating
 * one must not depend on the others: Kysely's stock introspection read every schema's tables and
 * called functions on their names, so a schema dropped meanwhile failed the migration with
 * `schema "…" does not exist`.
 */
describe.runIf(stores.includes('postgres'))('migrations while other schemas come and go', () => {
  it('a fresh schema migrates while another client creates and drops schemas with tables', async () => {
    const churn = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await churn.connect();
    let churning = true;
    const churner = (async () => {
      while (churning) {
        const schema = `churn_${randomBytes(4).toString('hex')}`;
        await churn.query(`create schema "${schema}"; create table "${schema}".t (id serial primary key, a text)`);
        await churn.query(`drop schema "${schema}" cascade`);
      }
    })();
    try {
      for (let i = 0; i < 6; i++) {
        const { store, location } = await openFreshStore('postgres');
        try {
          const { rows } = await sql<{ n: string }>`select count(*) as n from messages`.execute(store.db);
          expect(Number(rows[0]?.n)).toBe(0);
        } finally {
          await store.close();
          await location.dispose();
        }
      }
    } finally {
      churning = false;
      await churner;
      await churn.end();
    }
  }, 120_000);
});
