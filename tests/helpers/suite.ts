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

/**
 * Several server processes sharing one fresh PostgreSQL schema, as a
 * multi-process deployment runs. `envs` is read when the suite starts (after
 * the suite's own earlier `beforeAll`s, e.g. a private Redis), one entry per
 * process; each is added to the shared database settings.
 */
export function useProcesses(envs: () => Array<Record<string, string>>): () => TestServer[] {
  let location: StoreLocation | undefined;
  let servers: TestServer[] = [];
  beforeAll(async () => {
    location = await freshStoreLocation('postgres');
    for (const env of envs()) servers.push(await startTestServer({ ...(location as StoreLocation).env, ...env }));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    servers = [];
    await location?.dispose();
  });
  return () => servers;
}
