import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

// PostgreSQL where it runs (a schema is quick to create), else PGlite: what is tested here is the hub.
const store = (await availableStores()).at(-1) ?? 'pglite';

const SENDERS = 3;
const PER_SENDER = 25;
/** Extra connections of the first sender: enough sockets that a flush written one per turn spans several commits. */
const LISTENERS = 120;

/**
 * Three members of two rooms, with 120 more connections of one of them,
 * send 25 messages each, to both rooms in turn, without waiting for acks,
 * while the server writes each flush one socket per turn of its event loop:
 * a flush then spans many turns, the next commits land in between, and one
 * flush may hold both rooms where the next holds one, so a flush that
 * started before the last one finished would overtake it on some sockets.
 * Every connection must get every message of each room once, in seq order.
 */
async function everyoneGetsEverythingInOrder(server: TestServer): Promise<void> {
  const senders = await Promise.all(Array.from({ length: SENDERS }, async () => (await TestClient.connect(server.wsUrl)).signup()));
  const [owner, ...others] = senders as [TestClient, ...TestClient[]];
  const rooms: number[] = [];
  for (const name of ['chunked one', 'chunked two']) {
    const { room } = await owner.expectReply('room_create', { kind: 'public', name: `${name} ${owner.nickname}` }, 'room');
    for (const member of others) await member.expectReply('room_join', { room_id: room.room_id }, 'room');
    rooms.push(room.room_id);
  }
  const listeners = await Promise.all(
    Array.from({ length: LISTENERS }, async () => {
      const listener = await TestClient.connect(server.wsUrl);
      listener.send('resume', { token: owner.token });
      await listener.next('resumed');
      return listener;
    }),
  );
  const everyone = [...senders, ...listeners];
  const seqsOf = (client: TestClient, roomId: number) =>
    client
      .messages()
      .filter((m) => m.room_id === roomId)
      .map((m) => m.seq);
  const received = (client: TestClient) => rooms.reduce((sum, roomId) => sum + seqsOf(client, roomId).length, 0);

  // Paced a little, so the messages commit in many small batches, several of them during one flush.
  for (let i = 0; i < PER_SENDER; i++) {
    senders.forEach((sender, s) => {
      const roomId = rooms[(s + i) % rooms.length] as number;
      sender.send('message', { room_id: roomId, content: `s${s} m${i}`, client_id: `chunk-${s}-${i}` });
    });
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const total = SENDERS * PER_SENDER;
  await Promise.all(everyone.map((client) => client.next('send', () => received(client) >= total)));

  for (const roomId of rooms) {
    const count = seqsOf(owner, roomId).length;
    const inOrder = Array.from({ length: count }, (_, i) => i + 1);
    for (const client of everyone) expect(seqsOf(client, roomId)).toEqual(inOrder);
  }
}

describe(`fan-out written one socket per turn (${store})`, () => {
  const server = useServer(store, { FANOUT_CHUNK_SOCKETS: '1', MAX_CONNECTIONS_PER_USER: '200' });
  it('delivers every message to every member once, in order, with flushes spanning turns', async () => {
    await everyoneGetsEverythingInOrder(server());
  });
});

describe(`fan-out without a tick, written one socket per turn (${store})`, () => {
  const server = useServer(store, { FANOUT_CHUNK_SOCKETS: '1', FANOUT_TICK_MS: '0', MAX_CONNECTIONS_PER_USER: '200' });
  it('sends what queued during a flush once that flush is done, nothing left behind', async () => {
    await everyoneGetsEverythingInOrder(server());
  });
});
