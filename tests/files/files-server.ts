import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import type { StoreName } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

/**
 * A suite's server with its own DATA_DIR, so the files a test finds on disk
 * are this suite's (PostgreSQL stores have no directory of their own).
 */
export function useFilesServer(store: StoreName, env: Record<string, string> = {}): { server: () => TestServer; dataDir: () => string } {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'files-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));
  // Read when the server starts (after the directory exists), not now.
  const settings = Object.defineProperty({ ...env }, 'DATA_DIR', { enumerable: true, get: () => dataDir });
  return { server: useServer(store, settings), dataDir: () => dataDir };
}
