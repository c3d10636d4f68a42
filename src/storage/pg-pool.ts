import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { preparedName } from './prepared-statements.js';
import { isDatabaseUnavailable } from './unavailable.js';

export interface PoolOptions {
  url: string;
  schema: string;
  size: number;
  applicationName: string;
  /** Bounds connecting, waiting for a pooled connection, and each query (client and server side). */
  timeoutMs: number;
  types: pg.CustomTypesConfig;
  onError: (error: Error) => void;
}

/**
 * A pg Pool that survives the database. PostgreSQL ends connections on a
 * restart, a failover or `pg_terminate_backend`; pg reports that as an
 * 'error' event on the pool (idle connection) or on the client (checked out),
 * and an 'error' event nobody listens to ends the process. Both are logged
 * instead; the dead connection leaves the pool, which opens a new one on the
 * next query. A frozen server answers nothing, so every wait is bounded.
 */
export function createResilientPool(options: PoolOptions): { pool: PostgresPool; raw: pg.Pool } {
  const raw = new pg.Pool({
    connectionString: options.url,
    max: options.size,
    types: options.types,
    application_name: options.applicationName,
    options: `-c search_path=${options.schema} -c statement_timeout=${options.timeoutMs}`,
    connectionTimeoutMillis: options.timeoutMs,
    // Client side: a server that stopped answering (SIGSTOP, a dead link) never sends the error statement_timeout would.
    query_timeout: options.timeoutMs,
    keepAlive: true,
  });
  raw.on('error', options.onError);
  raw.on('connect', (client) => client.on('error', options.onError));
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let broken = false;
    // Streaming (cursors) is not configured, so Kysely only ever sends text with parameters.
    const query = ((text: string, parameters: readonly unknown[]) => {
      // The ROLLBACK after a timed-out statement would only wait out another timeout behind it.
      if (broken) return Promise.reject(new Error('Connection terminated: an earlier statement on it did not answer in time'));
      const name = preparedName(text);
      const values = [...parameters];
      return (name === undefined ? client.query(text, values) : client.query({ name, text, values })).catch((error: unknown) => {
        // A timed-out query may still be running on this connection: never hand it out again.
        if (isDatabaseUnavailable(error)) broken = true;
        throw error;
      });
    }) as unknown as PostgresPoolClient['query'];
    return {
      query,
      release: (destroy?: boolean) => {
        const destroyNow = broken || destroy === true;
        client.release(destroyNow);
      },
    };
  };
  const pool: PostgresPool = {
    connect: async () => wrap(await raw.connect()),
    end: () => raw.end(),
  };
  return { pool, raw };
}
