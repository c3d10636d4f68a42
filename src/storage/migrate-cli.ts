import { loadConfig } from '../config/env.js';
import { openStore } from './store.js';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
const config = loadConfig();
const store = await openStore({
  databaseUrl: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  dataDir: config.DATA_DIR,
  applicationName: config.DATABASE_APPLICATION_NAME,
  timeoutMs: config.DB_TIMEOUT_MS,
});
console.log(`migrations are up to date on ${store.kind}`);
await store.close();
