import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const SEND_BUFFER_LIMIT = 256 * 1024;
const CONTENT = 'x'.repeat(60_000);

describe('a client that stops reading (PGlite)', () => {
  const server = useServer('pglite', {
    SEND_BUFFER_LIMIT_BYTES: String(SEND_BUFFER_LIMIT),
    MAX_MESSAGE_LENGTH: String(CONTENT.length),
    MAX_FRAME_BYTES: String(128 * 1024),
    HEARTBEAT_MS: '60000',
  });
  const connect = () => TestClient.connect(server().wsUrl);
  /** The server's side of every open WebSocket. */
  const serverSockets = () => (server().server.app as unknown as { websocketServer: { clients: Set<WebSocket> } }).websocketServer.clients;

  it('drops a client that stops reading as soon as its send buffer passes the bound, and keeps serving the others', async () => {
    const talker = await (await connect()).signup();
    const listener = await (await connect()).signup();
    const stalled = await (await connect()).signup();
    // The stalled client's TCP socket is never read again: the kernel buffers fill, then the server's.
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const rssBefore = process.memoryUsage().rss;
    // The server's side of the stalled connection, found by its peer's port.
    const localPort = (stalled.socket as unknown as { _socket: { localPort: number } })._socket.localPort;
    const stalledOnServer = [...serverSockets()].find(
      (socket) => (socket as unknown as { _socket: { remotePort: number } })._socket.remotePort === localPort,
    ) as WebSocket;
    let droppedAfter: number | undefined;
    stalledOnServer.once('close', () => {
      droppedAfter = talker.all('ack').length;
    });
    for (let i = 0; i < 400 && droppedAfter === undefined; i++) {
      talker.send('message', { content: CONTENT, request_id: `big${i}` });
      await talker.next('ack', (p) => p.request_id === `big${i}`);
    }
    const deadline = Date.now() + 5_000;
    while (droppedAfter === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // 400 messages are 24 MB: far past the bound and the kernel's socket buffers. Dropped by the bound, not by the
    // heartbeat (HEARTBEAT_MS is a minute here), so while the stream still flows.
    expect(droppedAfter, 'the stalled client was not dropped while the stream flowed').toBeDefined();
    expect(droppedAfter).toBeLessThan(400);
    // Everyone else still gets everything.
    const sent = talker.all('ack').length;
    await listener.next('send', () => listener.messages().length >= sent, 10_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});

describe('a client that floods frames (PGlite)', () => {
  const server = useServer('pglite', { FRAMES_PER_SECOND: '20', FRAMES_BURST: '20' });
  const connect = () => TestClient.connect(server().wsUrl);

  it('closes a connection that keeps flooding frames with 1008 instead of answering each one', async () => {
    const flooder = await connect();
    for (let i = 0; i < 2_000; i++) flooder.send('ping', { request_id: `p${i}` });
    const closed = await flooder.waitClosed(5_000);
    expect(closed.code).toBe(1008);
    expect(flooder.all('error').length).toBeLessThan(100);
    // A client within its allowance is unaffected.
    const polite = await connect();
    for (let i = 0; i < 10; i++) await polite.expectReply('ping', {}, 'pong');
  });
});
