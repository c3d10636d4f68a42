import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, killChild, startChildServer } from '../helpers/child-server.js';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { availableStores, freshStoreLocation, type StoreLocation, TEST_DATABASE_URL } from '../helpers/stores.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const SENDERS = 20;
const READER_CONNECTIONS = 180;
const IN_FLIGHT_PER_SENDER = 8;
const runs = (await availableStores()).includes('postgres');

/** Sends messages with client_ids, keeping a few in flight, until the socket closes. */
function keepSending(sender: TestClient, index: number): { sent: string[]; done: Promise<void> } {
  const sent: string[] = [];
  const done = (async () => {
    let n = 0;
    while (!sender.closed) {
      const acked = sender.all('ack').length + sender.all('error').length;
      if (sent.length - acked < IN_FLIGHT_PER_SENDER) {
        const clientId = `s${index}-${n++}`;
        sent.push(clientId);
        sender.send('message', { content: `message ${clientId}`, client_id: clientId, request_id: clientId });
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  })();
  return { sent, done };
}

describe.runIf(runs)('SIGTERM under traffic (a real process on PostgreSQL)', () => {
  let location: StoreLocation;
  let child: ChildServer | undefined;
  afterAll(async () => {
    await killChild(child);
    await location?.dispose();
  });

  it('exits within SHUTDOWN_TIMEOUT_MS, acknowledging every message it committed and committing every one it acknowledged', async () => {
    location = await freshStoreLocation('postgres');
    child = await startChildServer({
      ...location.env,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      MAX_CONNECTIONS_PER_USER: '1000',
    });
    const server = child;
    const senders = await Promise.all(
      Array.from({ length: SENDERS }, async () => (await TestClient.connect(server.wsUrl)).signup(uniqueNickname('sender'))),
    );
    const reader = await (await TestClient.connect(server.wsUrl)).signup(uniqueNickname('reader'));
    const token = reader.all('authorize')[0]?.payload.token as string;
    const readers = await Promise.all(
      Array.from({ length: READER_CONNECTIONS }, async () => {
        const client = await TestClient.connect(server.wsUrl);
        await client.expectReply('resume', { token }, 'authorize');
        return client;
      }),
    );

    const traffic = senders.map((sender, index) => keepSending(sender, index));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const signalledAt = Date.now();
    server.process.kill('SIGTERM');
    const code = await server.exited;
    const tookMs = Date.now() - signalledAt;
    await Promise.all(traffic.map((t) => t.done));

    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ client_id: string }>(
      `select client_id from "${location.env.DATABASE_SCHEMA}".messages where client_id is not null`,
    );
    await db.end();
    const committed = new Set(rows.map((row) => row.client_id));
    const acked = new Set(senders.flatMap((sender) => sender.all('ack').map((ack) => ack.payload.request_id)));
    const sent = traffic.reduce((total, t) => total + t.sent.length, 0);
    const committedNotAcked = [...committed].filter((id) => !acked.has(id));
    const ackedNotCommitted = [...acked].filter((id) => !committed.has(id));
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(senders.every((sender) => sender.closed?.code === 1012)).toBe(true);
    expect(readers.filter((client) => client.closed?.code === 1012)).toHaveLength(READER_CONNECTIONS);
    expect(acked.size).toBeGreaterThan(SENDERS);
    expect({ sent, committedNotAcked: committedNotAcked.length, ackedNotCommitted: ackedNotCommitted.length }).toMatchObject({
      committedNotAcked: 0,
      ackedNotCommitted: 0,
    });
  }, 120_000);

  it('turns away connections that arrive during the shutdown at once, so they cannot hold the exit until the deadline', async () => {
    const deadlineMs = 30_000;
    const location = await freshStoreLocation('postgres');
    const server = await startChildServer({ ...location.env, SHUTDOWN_TIMEOUT_MS: String(deadlineMs) });
    try {
      const client = await (await TestClient.connect(server.wsUrl)).signup(uniqueNickname('stayer'));
      // Clients of a deploy reconnect while the old process shuts down. Upgrade requests held back by one
      // line, finished one by one once the SIGTERM is in: some complete after the sockets were closed.
      const { port } = new URL(server.wsUrl);
      const late = await Promise.all(Array.from({ length: 40 }, () => halfUpgrade(Number(port))));
      const signalledAt = Date.now();
      server.process.kill('SIGTERM');
      for (const socket of late) {
        await new Promise((resolve) => setTimeout(resolve, 3));
        socket.write('\r\n');
      }
      const code = await server.exited;
      const tookMs = Date.now() - signalledAt;
      for (const socket of late) socket.destroy();
      expect(code).toBe(0);
      expect(client.closed?.code).toBe(1012);
      expect(tookMs).toBeLessThan(5_000);
    } finally {
      await killChild(server);
      await location.dispose();
    }
  }, 120_000);
});

/** A TCP connection that has sent a WebSocket upgrade request but the blank line that ends it. */
async function halfUpgrade(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET /connect HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n`,
  );
  return socket;
}
