import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src/protocol/server-events.js';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-services.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { availableStores } from '../helpers/stores.js';

const DB_TIMEOUT_MS = 1_500;
const APPLICATION_NAME = `outage-test-${process.pid}`;
const runs = (await availableStores()).includes('postgres');

/** Sends a message and returns the reply with how long it took. */
async function timedMessage(client: TestClient, payload: Record<string, unknown>): Promise<{ frame: ServerFrame; ms: number }> {
  const started = Date.now();
  const frame = await client.call('message', payload, 4 * DB_TIMEOUT_MS);
  return { frame, ms: Date.now() - started };
}

/** Retries the same message (same client_id) until it is acked, as a client's outbox does. */
async function sendUntilAcked(client: TestClient, content: string, clientId: string, withinMs: number): Promise<ServerFrame> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const frame = await client.call('message', { content, client_id: clientId }, 4 * DB_TIMEOUT_MS);
    if (frame.kind === 'ack') return frame;
    expect(frame).toMatchObject({ kind: 'error', payload: { code: 'unavailable' } });
    if (Date.now() > deadline) throw new Error(`not acked within ${withinMs} ms after the database returned`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function readiness(server: TestServer) {
  const response = await fetch(`${server.url}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** While the database is down or frozen: every request fails fast and retryably; nothing hangs and nothing is acked. */
async function expectUnavailable(server: TestServer, alice: TestClient, password: string) {
  const sent = await timedMessage(alice, { content: 'during the outage', client_id: `outage-${Date.now()}` });
  expect(sent.frame).toMatchObject({ kind: 'error', payload: { code: 'unavailable' } });
  expect(sent.ms).toBeLessThan(DB_TIMEOUT_MS + 1_000);

  const history = await alice.call('history', { room_id: 1 }, 4 * DB_TIMEOUT_MS);
  expect(history).toMatchObject({ kind: 'error', payload: { code: 'unavailable' } });

  const bob = await TestClient.connect(server.wsUrl);
  const started = Date.now();
  const authorize = await bob.call('signin', { nickname: alice.nickname, password }, 4 * DB_TIMEOUT_MS);
  expect(authorize).toMatchObject({ kind: 'authorize', payload: { allowed: false, reason: 'unavailable' } });
  expect(Date.now() - started).toBeLessThan(DB_TIMEOUT_MS + 1_000);
  bob.close();

  const returning = await TestClient.connect(server.wsUrl);
  const token = alice.all('authorize')[0]?.payload.token as string;
  const resumed = await returning.call('resume', { token, since_seq: { 1: 0 } }, 4 * DB_TIMEOUT_MS);
  expect(resumed).toMatchObject({ kind: 'authorize', payload: { allowed: false, reason: 'unavailable' } });
  returning.close();

  expect(await readiness(server)).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'unreachable', bus: 'ok' } });
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
}

describe.runIf(runs)('a PostgreSQL outage (private cluster)', () => {
  let postgres: PrivatePostgres;
  let server: TestServer;
  const password = 'correct horse battery';

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    server = await startTestServer({
      DATABASE_URL: postgres.url,
      DB_TIMEOUT_MS: String(DB_TIMEOUT_MS),
      DATABASE_APPLICATION_NAME: APPLICATION_NAME,
    });
  });
  afterAll(async () => {
    await postgres?.thaw();
    await postgres?.start().catch(() => {});
    await server?.close().catch(() => {});
    await postgres?.dispose();
  });

  const signedIn = async () => {
    const client = await TestClient.connect(server.wsUrl);
    return client.signup(uniqueNickname('outage'), password);
  };

  it('survives PostgreSQL terminating its connections (pg_terminate_backend) and keeps serving', async () => {
    const alice = await signedIn();
    // Several pooled connections, idle now.
    await Promise.all(Array.from({ length: 4 }, (_, i) => alice.call('history', { room_id: 1, request_id: `h${i}` })));
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const { rows } = await admin.query('select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = $1', [
      APPLICATION_NAME,
    ]);
    await admin.end();
    expect(rows.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const reply = await alice.call('message', { content: 'after the terminations', client_id: 'terminated-1' });
    expect(reply.kind).toBe('ack');
    expect((await readiness(server)).status).toBe(200);
  });

  it('fails fast with unavailable while PostgreSQL is stopped, and recovers by itself when it starts again', async () => {
    const alice = await signedIn();
    await postgres.stop('immediate');
    const stoppedAt = Date.now();
    await expectUnavailable(server, alice, password);

    // Down for 5–15 s in all, then back: the same server serves again without a restart.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 5_000 - (Date.now() - stoppedAt))));
    await postgres.start();
    const ack = await sendUntilAcked(alice, 'after the restart', 'restart-1', 10_000);
    expect(ack.kind).toBe('ack');
    const page = await alice.expectReply('history', { room_id: 1 }, 'history');
    expect(page.messages.filter((m) => m.client_id === 'restart-1')).toHaveLength(1);
    expect(page.messages.some((m) => m.content === 'during the outage')).toBe(false);
    expect((await readiness(server)).status).toBe(200);
    const bob = await TestClient.connect(server.wsUrl);
    expect(await bob.call('signin', { nickname: alice.nickname, password })).toMatchObject({ payload: { allowed: true } });
    bob.close();
  }, 60_000);

  it('never hangs while PostgreSQL is frozen (SIGSTOP), and recovers when it is thawed', async () => {
    const alice = await signedIn();
    await postgres.freeze();
    try {
      await expectUnavailable(server, alice, password);
    } finally {
      await postgres.thaw();
    }
    const ack = await sendUntilAcked(alice, 'after the thaw', 'thaw-1', 10_000);
    expect(ack.kind).toBe('ack');
    expect((await readiness(server)).status).toBe(200);
  }, 60_000);
});
