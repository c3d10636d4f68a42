import { openStore } from '../../../src/storage/store.js';
import type { PrivatePostgres } from '../../helpers/private-services.js';
import { freshStoreLocation, type StoreLocation } from '../../helpers/stores.js';

/** The columns the checker needs of every stored message. */
export interface StoredMessage {
  id: number;
  room_id: number;
  seq: number;
  user_id: number;
  client_id: string | null;
}

/** Where a scenario's servers keep their data, and how the checker reads it back at the end. */
export interface ScenarioDatabase {
  readonly label: string;
  /** Server environment that selects this database. */
  readonly env: Record<string, string>;
  /** Every stored message, by room and seq. On PGlite only once no server holds the directory. */
  messages(): Promise<StoredMessage[]>;
  dispose(): Promise<void>;
}

async function readMessages(env: Record<string, string>): Promise<StoredMessage[]> {
  const store = await openStore({
    databaseUrl: env.DATABASE_URL || undefined,
    schema: env.DATABASE_SCHEMA || 'public',
    dataDir: env.DATA_DIR ?? '',
    poolSize: 1,
  });
  try {
    return await store.db
      .selectFrom('messages')
      .select(['id', 'room_id', 'seq', 'user_id', 'client_id'])
      .orderBy('room_id')
      .orderBy('seq')
      .execute();
  } finally {
    await store.close();
  }
}

function fromLocation(label: string, location: StoreLocation): ScenarioDatabase {
  return { label, env: location.env, messages: () => readMessages(location.env), dispose: () => location.dispose() };
}

/** A fresh schema on the shared PostgreSQL: for scenarios that break processes, never the database. */
export async function sharedPostgresDatabase(): Promise<ScenarioDatabase> {
  return fromLocation('PostgreSQL', await freshStoreLocation('postgres'));
}

/** A fresh PGlite directory. */
export async function pgliteDatabase(): Promise<ScenarioDatabase> {
  return fromLocation('PGlite', await freshStoreLocation('pglite'));
}

/** The scenario's own PostgreSQL cluster, which it may stop, crash and cut off; the scenario disposes of the cluster. */
export function privatePostgresDatabase(cluster: PrivatePostgres): ScenarioDatabase {
  const env = { DATABASE_URL: cluster.url, DATABASE_SCHEMA: 'chat' };
  return { label: 'private PostgreSQL', env, messages: () => readMessages(env), dispose: async () => {} };
}
