import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/message.js';
import { TestClient } from '../helpers/client.js';
import { startTestServer } from '../helpers/server.js';
import { availableStores, freshStoreLocation } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();
const SENDERS = 10;
const PER_SENDER = 100;

/**
 * Senders spread over `urls` (one per server process) race into one room
 * while the owner polls "after seq N"; every message must appear exactly
 * once, in seq order, with no gaps.
 */
async function raceIntoOneRoom(urls: string[]) {
  const connect = (i = 0) => TestClient.connect(urls[i % urls.length] as string).then((client) => client.signup());
  const owner = await connect();
  const { room } = await owner.expectReply('room_create', { kind: 'public', name: 'race track' }, 'room');
  const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => connect(i)));
  for (const sender of senders) await sender.expectReply('room_join', { room_id: room.room_id }, 'room');

  // The poller reads "everything after the last seq I saw" at random moments while the senders race.
  const polled: ChatMessage[] = [];
  let writing = true;
  const poll = async () => {
    while (writing || polled.length < SENDERS * PER_SENDER) {
      const after = polled.at(-1)?.seq ?? 0;
      const page = await owner.expectReply('history', { room_id: room.room_id, after_seq: after, limit: 100 }, 'history');
      polled.push(...page.messages);
      if (page.messages.length === 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
    }
  };
  const poller = poll();
  await Promise.all(
    senders.map(async (sender, s) => {
      for (let i = 0; i < PER_SENDER; i++) {
        sender.send('message', { room_id: room.room_id, content: `s${s} m${i}`, request_id: `s${s}-${i}` });
        if (i % 10 === 9) await sender.next('ack', (p) => p.request_id === `s${s}-${i}`, 20_000);
      }
    }),
  );
  writing = false;
  await poller;

  const seqs = polled.map((m) => m.seq);
  expect(seqs).toEqual(Array.from({ length: SENDERS * PER_SENDER }, (_, i) => i + 1));
  expect(new Set(polled.map((m) => m.message_id)).size).toBe(SENDERS * PER_SENDER);
  // Each sender's messages keep their sending order.
  for (let s = 0; s < SENDERS; s++) {
    const mine = polled.filter((m) => m.content.startsWith(`s${s} `)).map((m) => Number(m.content.split(' m')[1]));
    expect(mine).toEqual(Array.from({ length: PER_SENDER }, (_, i) => i));
  }
  if (urls.length === 1) {
    // Acks come at commit; live delivery follows within a fan-out tick.
    const inRoom = () => owner.messages().filter((m) => m.room_id === room.room_id);
    await owner.next('send', () => inRoom().length >= SENDERS * PER_SENDER, 10_000).catch(() => undefined);
    const live = inRoom();
    expect(live.map((m) => m.seq)).toEqual(seqs);
  }
}

describe.each(stores)('per-room sequence numbers under concurrency on %s', (store) => {
  const server = useServer(store);

  it('10 senders, 1 000 messages: seq has no gaps or duplicates, and polling "after seq N" never misses a late commit', async () => {
    await raceIntoOneRoom([server().wsUrl]);
  }, 120_000);

  // A batch travels to the database as arrays, one per column: text that looks like array syntax must not.
  it('contents that look like array syntax, sent in one burst, are stored and read back exactly', async () => {
    const sender = await TestClient.connect(server().wsUrl).then((client) => client.signup());
    const { room } = await sender.expectReply('room_create', { kind: 'public', name: 'array syntax' }, 'room');
    const contents = ['NULL', '{1,2}', '"quoted", with comma', 'back\\slash \\" end\\', 'line\nbreak\ttab', '{"a":"}"}', 'ёж 🦔 ∅'];
    for (const [i, content] of contents.entries()) sender.send('message', { room_id: room.room_id, content, request_id: `c${i}` });
    const acks = await Promise.all(contents.map((_, i) => sender.next('ack', (p) => p.request_id === `c${i}`)));
    const page = await sender.expectReply('history', { room_id: room.room_id, limit: 50 }, 'history');
    expect(page.messages.map((m) => m.content)).toEqual(contents);
    expect(page.messages.map((m) => m.message_id)).toEqual(acks.map((ack) => ack.payload.message_id));
  });
});

describe.runIf(stores.includes('postgres'))('sequence numbers across two server processes on one PostgreSQL', () => {
  it('a client_id retried through both processes at once is stored once, with no gap in seq', async () => {
    const location = await freshStoreLocation('postgres');
    const east = await startTestServer(location.env);
    const west = await startTestServer(location.env);
    try {
      const viaEast = await TestClient.connect(east.wsUrl).then((client) => client.signup());
      const viaWest = await TestClient.connect(west.wsUrl);
      viaWest.send('signin', { nickname: viaEast.nickname, password: 'correct horse battery' });
      await viaWest.next('authorize');
      for (let i = 0; i < 30; i++) {
        for (const client of [viaEast, viaWest])
          client.send('message', { content: `retry ${i}`, client_id: `key-${i}`, request_id: `r${i}` });
      }
      const acks = await Promise.all(
        [viaEast, viaWest].flatMap((client) =>
          Array.from({ length: 30 }, (_, i) => client.next('ack', (p) => p.request_id === `r${i}`, 10_000)),
        ),
      );
      const idsByKey = new Map<string, Set<number>>();
      for (const ack of acks) {
        const set = idsByKey.get(ack.payload.request_id) ?? new Set();
        set.add(ack.payload.message_id);
        idsByKey.set(ack.payload.request_id, set);
      }
      expect([...idsByKey.values()].every((ids) => ids.size === 1)).toBe(true);
      const page = await viaEast.expectReply('history', { room_id: 1, limit: 100 }, 'history');
      expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    } finally {
      await east.close();
      await west.close();
      await location.dispose();
    }
  }, 60_000);

  it('two writers contending for the room row lock still yield gapless seq in commit order', async () => {
    const location = await freshStoreLocation('postgres');
    const east = await startTestServer(location.env);
    const west = await startTestServer(location.env);
    try {
      await raceIntoOneRoom([east.wsUrl, west.wsUrl]);
    } finally {
      await east.close();
      await west.close();
      await location.dispose();
    }
  }, 120_000);
});
