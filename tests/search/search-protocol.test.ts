import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ServerPayloads } from '../../src/protocol/server-events.js';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

describe.each(stores)('search over the protocol on %s', (store) => {
  const server = useServer(store);
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();
  /** A word nobody else's test uses, so each test sees only its own messages. */
  const word = () => `zq${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;
  const post = async (client: TestClient, roomId: number, content: string) =>
    (await client.expectReply('message', { room_id: roomId, content }, 'ack')).message_id;
  const search = (client: TestClient, query: string, extra: Record<string, unknown> = {}) =>
    client.expectReply('search', { query, ...extra }, 'search_results') as Promise<ServerPayloads['search_results']>;
  const found = async (client: TestClient, query: string, extra: Record<string, unknown> = {}) =>
    (await search(client, query, extra)).hits.map((hit) => hit.message.message_id);

  it('finds a message right after its ack, with highlights as ranges of the content', async () => {
    const anna = await user();
    const { room } = await anna.expectReply('room_create', { kind: 'private', name: `notes-${word()}` }, 'room');
    const secret = word();
    const id = await post(anna, room.room_id, `Деплой ${secret} прошёл: ${secret}!`);
    const results = await search(anna, secret);
    expect(results.hits.map((hit) => hit.message.message_id)).toEqual([id]);
    const [hit] = results.hits;
    expect(hit?.highlights.map(([start, end]) => hit.message.content.slice(start, end))).toEqual([secret, secret]);
    expect(results.next_before).toBeUndefined();
  });

  it('an edit changes what finds the message; a delete removes it', async () => {
    const anna = await user();
    const { room } = await anna.expectReply('room_create', { kind: 'private', name: `edits-${word()}` }, 'room');
    const [before, after] = [word(), word()];
    const id = await post(anna, room.room_id, `first ${before}`);
    expect(await found(anna, before)).toEqual([id]);
    await anna.expectReply('message_edit', { message_id: id, content: `second ${after}` }, 'ack');
    expect(await found(anna, before)).toEqual([]);
    expect(await found(anna, after)).toEqual([id]);
    await anna.expectReply('message_delete', { message_id: id }, 'ack');
    expect(await found(anna, after)).toEqual([]);
    expect(await found(anna, after.slice(0, 6))).toEqual([]);
  });

  it('never returns messages of rooms I am not in: a private room, a DM between others, a room I left, also through in: and from:', async () => {
    const [anna, ben, cleo] = [await user(), await user(), await user()];
    const secret = word();
    const { room: hidden } = await ben.expectReply('room_create', { kind: 'private', name: `hidden-${secret}` }, 'room');
    await post(ben, hidden.room_id, `private ${secret}`);
    const { room: dm } = await ben.expectReply('dm_open', { nickname: cleo.nickname }, 'room');
    await post(ben, dm.room_id, `dm ${secret}`);
    const { room: left } = await ben.expectReply('room_create', { kind: 'public', name: `left-${secret}` }, 'room');
    await anna.expectReply('room_join', { room_id: left.room_id }, 'room');
    const inLeft = await post(ben, left.room_id, `public ${secret}`);
    expect(await found(anna, secret)).toEqual([inLeft]);
    await anna.expectReply('room_leave', { room_id: left.room_id }, 'room_removed');

    for (const query of [
      secret,
      `${secret.slice(0, 5)}`,
      `from:${ben.nickname}`,
      `in:hidden-${secret}`,
      `in:${hidden.room_id} ${secret}`,
      `in:left-${secret}`,
    ]) {
      expect(await found(anna, query), query).toEqual([]);
    }
    for (const roomId of [hidden.room_id, dm.room_id, left.room_id]) expect(await found(anna, secret, { room_id: roomId })).toEqual([]);
    // The members themselves do find them.
    expect((await found(ben, secret)).length).toBe(3);
    expect((await found(cleo, secret)).length).toBe(1);
  });

  it('is:mention finds the messages that name me', async () => {
    const [anna, ben] = [await user(), await user()];
    const { room } = await anna.expectReply(
      'room_create',
      { kind: 'private', name: `mentions-${word()}`, members: [ben.nickname] },
      'room',
    );
    await ben.next('room', (payload) => payload.room.room_id === room.room_id);
    const tag = word();
    const named = await post(anna, room.room_id, `@${ben.nickname} look at ${tag}`);
    await post(anna, room.room_id, `nobody named ${tag}`);
    expect(await found(ben, `is:mention ${tag}`)).toEqual([named]);
    expect(await found(anna, `is:mention ${tag}`)).toEqual([]);
  });

  it('answers bad queries with invalid_payload, never server_error', async () => {
    const anna = await user();
    for (const query of [
      '',
      'has:pictures',
      '"',
      ':*&|!()',
      'x'.repeat(10_000),
      "'); drop table messages; --",
      '\\',
      'before:2026-13-45',
    ]) {
      const reply = await anna.call('search', { query });
      if (reply.kind === 'error') expect(reply.payload.code, query.slice(0, 30)).toBe('invalid_payload');
      else expect(reply.kind).toBe('search_results');
    }
    const nul = await anna.call('search', { query: 'a\u0000b' });
    expect(nul.payload).toMatchObject({ code: 'invalid_payload' });
    const cursor = await anna.call('search', { query: 'x', before: '1 or 1=1' });
    expect(cursor.payload).toMatchObject({ code: 'invalid_payload' });
  });
});
