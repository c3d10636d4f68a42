import { describe, expect, it } from 'vitest';
import { type ChildServer, killChild, startChildServer } from '../helpers/child-server.js';
import { TestClient } from '../helpers/client.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const SECRET_PASSWORD = 'a very secret password 42';
const SECRET_CONTENT = 'words nobody may read in the logs';

/** A real server process whose stdout the test reads; it signs up, sends a message, then stops. */
async function run(format: 'json' | 'pretty'): Promise<string> {
  const location: StoreLocation = await freshStoreLocation('pglite');
  let server: ChildServer | undefined;
  try {
    server = await startChildServer({ ...location.env, LOG_LEVEL: 'info', LOG_FORMAT: format }, { stdout: 'pipe' });
    let out = '';
    server.process.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const client = await (await TestClient.connect(server.wsUrl)).signup(undefined, SECRET_PASSWORD);
    await client.expectReply('message', { content: SECRET_CONTENT }, 'ack');
    const resumed = await TestClient.connect(server.wsUrl);
    resumed.send('resume', { token: client.token });
    await resumed.next('authorize');
    const failed = await TestClient.connect(server.wsUrl);
    failed.send('signin', { nickname: client.nickname, password: 'wrong password entirely' });
    await failed.next('authorize');
    server.process.kill('SIGTERM');
    await server.exited;
    expect(out).not.toContain(SECRET_PASSWORD);
    expect(out).not.toContain(SECRET_CONTENT);
    expect(out).not.toContain(client.token);
    return out;
  } finally {
    await killChild(server);
    await location.dispose();
  }
}

describe('log format', () => {
  it('writes JSON lines by default off a terminal, without tokens, passwords or contents', async () => {
    const out = await run('json');
    const lines = out.trim().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as { msg?: string; level: number });
    expect(parsed.some((line) => line.msg === 'cerulean-chalice is ready')).toBe(true);
  }, 120_000);

  it('writes human-readable lines with LOG_FORMAT=pretty', async () => {
    const out = await run('pretty');
    expect(out).toMatch(/INFO.*cerulean-chalice is ready/);
    expect(() => JSON.parse(out.trim().split('\n')[0] as string)).toThrow();
  }, 120_000);
});
