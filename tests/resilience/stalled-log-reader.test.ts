import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, killChild, startChildServer } from '../helpers/child-server.js';
import { TestClient } from '../helpers/client.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const SHUTDOWN_TIMEOUT_MS = 5_000;

/** A GET that gives up after `ms` (a wedged server never answers). */
async function answers(url: string, ms = 3_000): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(ms) }).then(
    (response) => response.ok,
    () => false,
  );
}

describe('a server whose stdout nobody reads', () => {
  let location: StoreLocation;
  let child: ChildServer | undefined;
  afterAll(async () => {
    await killChild(child);
    await location?.dispose();
  });

  it('keeps serving with its log pipe full or broken (EPIPE), and still exits on SIGTERM within the deadline', async () => {
    location = await freshStoreLocation('pglite');
    child = await startChildServer(
      { ...location.env, LOG_LEVEL: 'trace', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
      { stdout: 'pipe' },
    );
    const server = child;
    // The reader went away without closing the pipe: nothing is read from it again.
    server.process.stdout?.pause();

    // Every request logs two lines at info: a few thousand fill any pipe buffer many times over.
    for (let round = 0; round < 60; round++) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => answers(`${server.url}/health`)));
      expect(batch.every(Boolean), `round ${round}: the server stopped answering`).toBe(true);
    }
    const client = await (await TestClient.connect(server.wsUrl)).signup();
    expect((await client.call('message', { content: 'still here' })).kind).toBe('ack');

    // Now the reader goes away for good: every log write fails with EPIPE, and nothing else does.
    server.process.stdout?.destroy();
    for (let round = 0; round < 5; round++) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => answers(`${server.url}/health`)));
      expect(batch.every(Boolean), `round ${round} after EPIPE: the server stopped answering`).toBe(true);
    }
    expect((await client.call('message', { content: 'still here after EPIPE' })).kind).toBe('ack');

    const signalledAt = Date.now();
    server.process.kill('SIGTERM');
    const code = await Promise.race([
      server.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), SHUTDOWN_TIMEOUT_MS + 2_000)),
    ]);
    expect(code).not.toBe('still running');
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1_000);
  }, 120_000);
});
