import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/message.js';
import { TestClient } from '../helpers/client.js';
import { foldMessages, serverState } from '../helpers/message-state.js';
import { redisAvailable } from '../helpers/redis.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores, TEST_REDIS_URL } from '../helpers/stores.js';
import { useProcesses, useServer } from '../helpers/suite.js';

const stores = await availableStores();

/**
 * B holds a room, goes away; A edits 3 messages, deletes 2, adds and removes
 * reactions and sends 5 new ones; B resumes from the rev it held and must end
 * with exactly the server's state, each changed message sent once.
 */
async function offlineCatchUp(aUrl: string, bUrl: string): Promise<void> {
  const a = await (await TestClient.connect(aUrl)).signup();
  const b = await (await TestClient.connect(aUrl)).signup();
  const { room } = await a.expectReply('room_create', { kind: 'private', name: 'catch-up', members: [b.nickname] }, 'room');
  await b.next('room', (p) => p.room.room_id === room.room_id);
  const ids: number[] = [];
  for (let i = 0; i < 8; i++) ids.push((await a.expectReply('message', { room_id: room.room_id, content: `m${i}` }, 'ack')).message_id);
  await b.next('send', () => foldMessages(b.messages(), room.room_id).size === 8);
  const cursor = Math.max(
    ...b
      .messages()
      .filter((m) => m.room_id === room.room_id)
      .map((m) => m.rev),
  );
  const token = b.all('authorize')[0]?.payload.token as string;
  b.socket.terminate();

  const id = (i: number) => ids[i] as number;
  for (const i of [0, 1, 2]) await a.expectReply('message_edit', { message_id: id(i), content: `m${i} edited` }, 'ack');
  await a.expectReply('message_edit', { message_id: id(0), content: 'm0 edited twice' }, 'ack');
  for (const i of [3, 4]) await a.expectReply('message_delete', { message_id: id(i) }, 'ack');
  await a.expectReply('reaction_add', { message_id: id(5), emoji: '🎉' }, 'ack');
  await a.expectReply('reaction_add', { message_id: id(6), emoji: '👀' }, 'ack');
  await a.expectReply('reaction_remove', { message_id: id(6), emoji: '👀' }, 'ack');
  for (let i = 0; i < 5; i++) await a.expectReply('message', { room_id: room.room_id, content: `new ${i}` }, 'ack');

  const back = await TestClient.connect(bUrl);
  back.send('resume', { token, since_rev: { [room.room_id]: cursor }, request_id: 'back' });
  expect((await back.next('authorize')).payload.allowed).toBe(true);
  const done = await back.next('resumed');
  expect(done.payload.rooms[0]).toMatchObject({ room_id: room.room_id, has_more: false });
  const caughtUp = back
    .all('send')
    .filter((f) => f.payload.request_id === 'back')
    .flatMap((f) => f.payload.messages);
  // 3 edited + 2 deleted + 2 with reaction changes + 5 new: each once.
  expect(caughtUp.map((m) => m.message_id).sort()).toEqual([...new Set(caughtUp.map((m) => m.message_id))].sort());
  expect(caughtUp).toHaveLength(12);
  expect(caughtUp.map((m) => m.rev)).toEqual([...caughtUp.map((m) => m.rev)].sort((x, y) => x - y));
  expect(done.payload.rooms[0]?.through_rev).toBe(caughtUp.at(-1)?.rev);

  const shown = foldMessages([...b.messages(), ...back.messages()], room.room_id);
  const truth = await serverState(back, room.room_id);
  const comparable = (state: Map<number, ChatMessage>) => [...state.values()].sort((x, y) => x.seq - y.seq);
  expect(comparable(shown)).toEqual(comparable(truth));
  expect(truth.get(id(0))?.content).toBe('m0 edited twice');
  expect(truth.get(id(3))?.deleted).toBe(true);
  expect(truth.get(id(5))?.reactions).toEqual([{ emoji: '🎉', count: 1, user_ids: [a.userId] }]);
  expect(truth.get(id(6))?.reactions).toBeUndefined();

  await a.expectReply('message_edit', { message_id: id(7), content: 'live after resume' }, 'ack');
  await back.next('send', (p) => p.messages.some((m) => m.content === 'live after resume'));
}

describe.each(stores)('catch-up after being away, on %s', (store) => {
  const server = useServer(store);
  it('replays every edit, deletion, reaction and new message by rev, each changed message once', () =>
    offlineCatchUp(server().wsUrl, server().wsUrl));
});

const twoProcesses = stores.includes('postgres') && (await redisAvailable());

describe.runIf(twoProcesses)('catch-up after being away, resuming on another process (Redis)', () => {
  const processes = useProcesses(() => [{ REDIS_URL: TEST_REDIS_URL }, { REDIS_URL: TEST_REDIS_URL }]);
  it('replays every change on the other process, each changed message once', () => {
    const [east, west] = processes() as [TestServer, TestServer];
    return offlineCatchUp(east.wsUrl, west.wsUrl);
  });
});
