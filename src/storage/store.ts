import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrator.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type StoreKind = 'postgres' | 'pglite';

export interface Store {
  readonly kind: StoreKind;
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

export interface StoreOptions {
  databaseUrl?: string | undefined;
  schema?: string;
  dataDir: string;
  poolSize?: number;
}

const INT8_OID = 20;
// Ids and counters are bigint columns; they stay far below 2^53, so JSON numbers carry them exactly.
const parseInt8 = (value: string) => Number(value);

async function openPostgres(url: string, schema: string, poolSize: number): Promise<Kysely<Database>> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)),
  };
  if (schema !== 'public') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: types as pg.CustomTypesConfig,
    options: `-c search_path=${schema}`,
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function openPGlite(dataDir: string): Promise<Kysely<Database>> {
  await mkdir(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir, { parsers: { [INT8_OID]: parseInt8 } });
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

/** Opens the configured database and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const kind: StoreKind = options.databaseUrl ? 'postgres' : 'pglite';
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema ?? 'public', options.poolSize ?? 10)
    : await openPGlite(options.dataDir);
  try {
    await migrateToLatest(db as Kysely<unknown>, options.databaseUrl ? (options.schema ?? 'public') : 'public');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { kind, db, close: () => db.destroy() };
}
