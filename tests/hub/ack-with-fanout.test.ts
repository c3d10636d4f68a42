import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../helpers/child-server.js';
import { TestClient } from '../helpers/client.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const MESSAGES = 20;

// The server runs as its own process: two writes from it then reach this process as two reads unless
// they were one write, which is what the test tells apart (an in-process server would batch them anyway).
describe("a message's ack and the sender's copy of it", () => {
  let location: StoreLocation | undefined;
  let server: ChildServer | undefined;
  beforeAll(async () => {
    location = await freshStoreLocation('postgres');
    server = await startChildServer(location.env);
  }, 90_000);
  afterAll(async () => {
    server?.process.kill('SIGTERM');
    await server?.exited;
    await location?.dispose();
  });

  it('reach the sender in one write, the ack first', async () => {
    const sender = await (await TestClient.connect((server as ChildServer).wsUrl)).signup();
    const reads: string[] = [];
    (sender.socket as unknown as { _socket: Socket })._socket.on('data', (chunk: Buffer) => reads.push(chunk.toString('utf8')));
    for (let i = 0; i < MESSAGES; i++) {
      const content = `together [${i}]`;
      sender.send('message', { content, request_id: `r${i}` });
      await sender.next('ack', (payload) => payload.request_id === `r${i}`);
      await sender.next('send', (payload) => payload.messages.some((message) => message.content === content));
    }
    for (let i = 0; i < MESSAGES; i++) {
      const read = reads.find((chunk) => chunk.includes(`"r${i}"`)) ?? '';
      expect(read, `message ${i}`).toContain(`together [${i}]`);
      expect(read.indexOf(`"r${i}"`)).toBeLessThan(read.indexOf(`together [${i}]`));
    }
  }, 60_000);
});
