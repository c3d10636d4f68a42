import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { migrateToLatest } from './migrator.js';
import { createResilientPool } from './pg-pool.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';
import { SchemaScopedPostgresDialect } from './schema-introspector.js';

export type StoreKind = 'postgres' | 'pglite';

export interface Store {
  readonly kind: StoreKind;
  readonly db: Kysely<Database>;
  /**
   * PGlite only: the whole data directory (uploads under files/ too) as a tarball, gzipped or not, taken
   * while the one session runs no query, so consistent. The tarball is built in memory.
   */
  dumpDataDir?(compression: 'gzip' | 'none'): Promise<Blob>;
  close(): Promise<void>;
}

export interface StoreOptions {
  databaseUrl?: string | undefined;
  schema?: string;
  dataDir: string;
  poolSize?: number;
  /** pg_stat_activity.application_name of this process's connections. */
  applicationName?: string;
  /** Bounds every connect, pool wait and query on PostgreSQL. */
  timeoutMs?: number;
  /** Connection-level errors that no request was waiting for (a terminated idle connection). */
  onError?: (error: Error) => void;
}

interface Opened {
  db: Kysely<Database>;
  dump?: (compression: 'gzip' | 'none') => Promise<Blob>;
  /** Where migrations run: without the request timeouts, since an upgrade may rewrite a big table. */
  migrationDb: Kysely<Database>;
  release?: () => Promise<void>;
}

const INT8_OID = 20;
// Ids and counters are bigint columns; they stay far below 2^53, so JSON numbers carry them exactly.
const parseInt8 = (value: string) => Number(value);

async function openPostgres(url: string, options: StoreOptions): Promise<Opened> {
  const schema = options.schema ?? 'public';
  const timeoutMs = options.timeoutMs ?? 5_000;
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)),
  };
  if (schema !== 'public') {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const { pool } = createResilientPool({
    url,
    schema,
    size: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'cerulean-chalice',
    timeoutMs,
    types: types as pg.CustomTypesConfig,
    onError: options.onError ?? (() => {}),
  });
  const migrationPool = new pg.Pool({
    connectionString: url,
    max: 1,
    types: types as pg.CustomTypesConfig,
    application_name: `${options.applicationName ?? 'cerulean-chalice'} migrations`,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: timeoutMs,
  });
  migrationPool.on('error', () => {});
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    migrationDb: new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool: migrationPool }, schema) }),
  };
}

async function openPGlite(dataDir: string): Promise<Opened> {
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    // Search's substring index (004_search.sql); PostgreSQL ships the same extension.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const pglite = await PGlite.create(dataDir, { parsers: { [INT8_OID]: parseInt8 }, extensions: { pg_trgm } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return { db, migrationDb: db, release, dump: (compression) => pglite.dumpDataDir(compression) };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Opens the configured database and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const kind: StoreKind = options.databaseUrl ? 'postgres' : 'pglite';
  const { db, migrationDb, release, dump } = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options)
    : await openPGlite(options.dataDir);
  const close = async () => {
    try {
      await db.destroy();
    } finally {
      await release?.();
    }
  };
  try {
    await migrateToLatest(migrationDb as Kysely<unknown>, options.databaseUrl ? (options.schema ?? 'public') : 'public');
  } catch (error) {
    await close();
    throw error;
  } finally {
    if (migrationDb !== db) await migrationDb.destroy();
  }
  return dump ? { kind, db, close, dumpDataDir: dump } : { kind, db, close };
}
