import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server.js';
import { freshStoreLocation, type StoreLocation, type StoreName } from './stores.js';

/**
 * One real server per store per test file (PGlite takes seconds to create);
 * tests isolate themselves with fresh users, not fresh servers.
 */
export function useServer(store: StoreName, env: Record<string, string> = {}): () => TestServer {
  let location: StoreLocation | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    location = await freshStoreLocation(store);
    server = await startTestServer({ ...location.env, ...env });
  });
  afterAll(async () => {
    await server?.close();
    await location?.dispose();
  });
  return () => {
    if (!server) throw new Error('server not started');
    return server;
  };
}
