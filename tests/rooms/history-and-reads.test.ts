import { beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();
const TOTAL = 30;

describe.each(stores)('history pages and read markers on %s', (store) => {
  const server = useServer(store);
  let writer: TestClient;
  let reader: TestClient;
  let roomId: number;
  const contents = Array.from({ length: TOTAL }, (_, i) => `line ${i + 1}`);

  beforeAll(async () => {
    const connect = () => TestClient.connect(server().wsUrl).then((client) => client.signup());
    writer = await connect();
    reader = await connect();
    roomId = (await writer.expectReply('room_create', { kind: 'public', name: 'history' }, 'room')).room.room_id;
    await reader.expectReply('room_join', { room_id: roomId }, 'room');
    for (const content of contents) writer.send('message', { room_id: roomId, content, request_id: content });
    await writer.next('ack', (p) => p.request_id === contents.at(-1), 10_000);
  });

  const page = (payload: Record<string, unknown>) => reader.expectReply('history', { room_id: roomId, ...payload }, 'history');
  const texts = (p: { messages: Array<{ content: string }> }) => p.messages.map((m) => m.content);

  it('pages backwards from the newest, oldest first, with has_more', async () => {
    const newest = await page({ limit: 10 });
    expect(texts(newest)).toEqual(contents.slice(20));
    expect(newest).toMatchObject({ has_more_before: true, has_more_after: false });
    const older = await page({ limit: 10, before_seq: newest.messages[0]?.seq });
    expect(texts(older)).toEqual(contents.slice(10, 20));
    const oldest = await page({ limit: 10, before_seq: older.messages[0]?.seq });
    expect(texts(oldest)).toEqual(contents.slice(0, 10));
    expect(oldest.has_more_before).toBe(false);
  });

  it('pages forwards after a seq', async () => {
    const after = await page({ after_seq: 25, limit: 10 });
    expect(texts(after)).toEqual(contents.slice(25));
    expect(after).toMatchObject({ has_more_before: true, has_more_after: false });
    expect((await page({ after_seq: 5, limit: 3 })).has_more_after).toBe(true);
  });

  it('jumps to a message: the page around it, by seq or by message_id', async () => {
    const bySeq = await page({ around_seq: 15, limit: 6 });
    expect(texts(bySeq)).toEqual(contents.slice(12, 18));
    const target = bySeq.messages.find((m) => m.seq === 15);
    const byId = await page({ around_message_id: target?.message_id, limit: 6 });
    expect(texts(byId)).toEqual(texts(bySeq));
    expect(byId).toMatchObject({ has_more_before: true, has_more_after: true });
    expect((await reader.call('history', { room_id: 1, around_message_id: target?.message_id })).payload).toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses bad page requests', async () => {
    for (const bad of [{ limit: 101 }, { limit: 0 }, { before_seq: -1 }, { before_seq: 5, after_seq: 2 }, { before_seq: 'x' }]) {
      expect((await reader.call('history', { room_id: roomId, ...bad })).payload, JSON.stringify(bad)).toMatchObject({
        code: 'invalid_payload',
      });
    }
  });

  it('moves the read marker forward only, syncs it to the other connections, and derives unread from it', async () => {
    const otherTab = await TestClient.connect(server().wsUrl);
    otherTab.send('signin', { nickname: reader.nickname, password: 'correct horse battery' });
    await otherTab.next('authorize');
    const marked = await reader.expectReply('read', { room_id: roomId, seq: 20 }, 'read');
    expect(marked).toMatchObject({ room_id: roomId, seq: 20, unread: TOTAL - 20 });
    expect((await otherTab.next('read', (p) => p.room_id === roomId)).payload).toMatchObject({ seq: 20, unread: TOTAL - 20 });
    expect(await reader.expectReply('read', { room_id: roomId, seq: 5 }, 'read')).toMatchObject({ seq: 20 });
    expect(await reader.expectReply('read', { room_id: roomId, seq: 10_000 }, 'read')).toMatchObject({ seq: TOTAL, unread: 0 });
    const summary = (await otherTab.expectReply('rooms', {}, 'rooms')).rooms.find((room) => room.room_id === roomId);
    expect(summary).toMatchObject({ read_seq: TOTAL, unread: 0 });
  });

  it('never counts the user’s own messages as unread', async () => {
    await reader.expectReply('read', { room_id: roomId, seq: 10_000 }, 'read');
    writer.send('message', { room_id: roomId, content: 'from writer', request_id: 'w' });
    await writer.next('ack', (p) => p.request_id === 'w');
    reader.send('message', { room_id: roomId, content: 'from reader', request_id: 'r' });
    await reader.next('ack', (p) => p.request_id === 'r');
    const summary = (await reader.expectReply('rooms', {}, 'rooms')).rooms.find((room) => room.room_id === roomId);
    expect(summary?.unread).toBe(0);
    const writerView = (await writer.expectReply('rooms', {}, 'rooms')).rooms.find((room) => room.room_id === roomId);
    expect(writerView?.unread).toBe(1);
  });
});
