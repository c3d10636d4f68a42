import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import { createBus } from '../bus/create-bus.js';
import { loadConfig } from '../config/env.js';
import { AdminService } from '../domain/admin-service.js';
import { type BlobStore, blobRootOf, LocalBlobStore } from '../storage/blob-store.js';
import { DataDirInUseError } from '../storage/data-dir-lock.js';
import { readDeploymentId } from '../storage/deployment.js';
import type { Database } from '../storage/schema.js';
import { openStore, type Store } from '../storage/store.js';

/** What every admin command works with: the configured database, the bus (to tell running servers) and the service. */
export interface AdminContext {
  store: Store;
  db: Kysely<Database>;
  bus: Bus;
  admin: AdminService;
  /** DATA_DIR/files, where the servers keep uploads (opened on first use: most commands need no files). */
  blobs(): Promise<BlobStore>;
  out(line: string): void;
  close(): Promise<void>;
}

/** A refusal the operator must act on: printed without a stack, exit code 1 (2 for usage and a busy store). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** PGlite's DATA_DIR is held by a running server: most commands refuse; `backup` asks that server instead. */
export class DataDirBusyError extends CliError {
  constructor(
    message: string,
    readonly dataDir: string,
  ) {
    super(message, 2);
  }
}

/**
 * Opens the store the server is configured with (the same environment variables). With PGlite the data
 * directory is one process's: while the server runs, the lock refuses and the operator is told to stop it.
 * With PostgreSQL the CLI works beside running servers; with REDIS_URL set it tells them (a deactivated
 * account's sockets close at once).
 */
export async function openAdminContext(env: Record<string, string | undefined> = process.env): Promise<AdminContext> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  let store: Store;
  try {
    store = await openStore({
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      dataDir: config.DATA_DIR,
      applicationName: 'cerulean-chalice admin',
      timeoutMs: config.DB_TIMEOUT_MS,
    });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new DataDirBusyError(
        `the server must be stopped first: ${error.message}. PGlite serves one process at a time (only backup works while it runs).`,
        config.DATA_DIR,
      );
    }
    throw error;
  }
  const channel = `cerulean-chalice:${await readDeploymentId(store.db)}`;
  const bus = await createBus(config.REDIS_URL, channel, (error) => process.stderr.write(`bus: ${error.message}\n`));
  return {
    store,
    db: store.db,
    bus,
    admin: new AdminService(store.db, bus),
    blobs: () => LocalBlobStore.open(blobRootOf(config.DATA_DIR)),
    out: (line) => process.stdout.write(`${line}\n`),
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}
