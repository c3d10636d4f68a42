import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/message.js';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

describe.each(stores)('message life on %s', (store) => {
  const server = useServer(store);
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();
  const db = () => server().server.store.db;
  /** Two people in a fresh private room; returns the room id. */
  const pair = async () => {
    const [anna, ben] = [await user(), await user()];
    const { room } = await anna.expectReply('room_create', { kind: 'private', name: 'life', members: [ben.nickname] }, 'room');
    await ben.next('room', (p) => p.room.room_id === room.room_id);
    return { anna, ben, roomId: room.room_id };
  };
  const post = async (client: TestClient, roomId: number, content: string, extra: Record<string, unknown> = {}) => {
    const ack = await client.expectReply('message', { room_id: roomId, content, ...extra }, 'ack');
    return ack.message_id;
  };
  const changeOf = (client: TestClient, messageId: number, test: (m: ChatMessage) => boolean) =>
    client
      .next('send', (p) => p.messages.some((m) => m.message_id === messageId && test(m)))
      .then((frame) => frame.payload.messages.find((m) => m.message_id === messageId) as ChatMessage);

  it('edits: everyone sees the new content; a quick fix is not labelled, a later edit is; earlier versions are for the author only', async () => {
    const { anna, ben, roomId } = await pair();
    const id = await post(anna, roomId, 'helo');
    const ack = await anna.expectReply('message_edit', { message_id: id, content: 'hello' }, 'ack');
    expect(ack).toMatchObject({ message_id: id, room_id: roomId, seq: 1 });
    const fixed = await changeOf(ben, id, (m) => m.content === 'hello');
    expect(fixed.edited_at).toBeUndefined();
    expect(fixed.rev).toBe(ack.rev);

    await sql`update messages set created_at = now() - interval '1 minute' where id = ${id}`.execute(db());
    await anna.expectReply('message_edit', { message_id: id, content: 'hello, Ben' }, 'ack');
    const edited = await changeOf(ben, id, (m) => m.content === 'hello, Ben');
    expect(edited.edited_at).toEqual(expect.any(String));
    const versions = await anna.expectReply('message_versions', { message_id: id }, 'message_versions');
    expect(versions.versions.map((v) => v.content)).toEqual(['helo', 'hello']);
    expect((await ben.call('message_versions', { message_id: id })).payload).toMatchObject({ code: 'forbidden' });
  });

  it('deletes to a tombstone: seq kept, content gone from the messages table and from the edit history', async () => {
    const { anna, ben, roomId } = await pair();
    const id = await post(anna, roomId, 'a secret typo');
    await anna.expectReply('message_edit', { message_id: id, content: 'a secret' }, 'ack');
    await anna.expectReply('message_delete', { message_id: id }, 'ack');
    const tombstone = await changeOf(ben, id, (m) => m.deleted === true);
    expect(tombstone).toMatchObject({ seq: 1, content: '', deleted: true });
    const stored = await db().selectFrom('messages').select(['content', 'deleted_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.content).toBe('');
    expect(stored.deleted_at).not.toBeNull();
    const versions = await db().selectFrom('message_versions').select('content').where('message_id', '=', id).execute();
    expect(versions).toEqual([]);
    const page = await ben.expectReply('history', { room_id: roomId }, 'history');
    expect(page.messages.map((m) => [m.seq, m.content, m.deleted])).toEqual([[1, '', true]]);
    const { rooms } = await ben.expectReply('rooms', {}, 'rooms');
    expect(rooms.find((r) => r.room_id === roomId)?.unread).toBe(1);
  });

  it('reacts: one emoji per person per message, counted under concurrency, toggled off, at most 20 kinds', async () => {
    const owner = await user();
    const { room } = await owner.expectReply('room_create', { kind: 'public', name: `reactions ${Date.now()}` }, 'room');
    const id = await post(owner, room.room_id, 'react to me');
    const crowd = await Promise.all(Array.from({ length: 20 }, () => user()));
    for (const person of crowd) await person.expectReply('room_join', { room_id: room.room_id }, 'room');
    await Promise.all(crowd.map((person) => person.expectReply('reaction_add', { message_id: id, emoji: '👍' }, 'ack')));
    const counted = await changeOf(owner, id, (m) => m.reactions?.[0]?.count === 20);
    expect(counted.reactions).toEqual([{ emoji: '👍', count: 20, user_ids: expect.any(Array) }]);
    expect(new Set(counted.reactions?.[0]?.user_ids)).toEqual(new Set(crowd.map((p) => p.userId)));

    // The same person twice at once from two sockets: one row.
    const second = await TestClient.connect(server().wsUrl);
    const token = owner.all('authorize')[0]?.payload.token as string;
    await second.call('resume', { token });
    await Promise.all([owner, second].map((socket) => socket.expectReply('reaction_add', { message_id: id, emoji: '❤' }, 'ack')));
    const hearts = await db()
      .selectFrom('reactions')
      .select('emoji')
      .where('message_id', '=', id)
      .where('user_id', '=', owner.userId)
      .execute();
    expect(hearts.map((row) => row.emoji)).toEqual(['❤️']);

    await (crowd[0] as TestClient).expectReply('reaction_remove', { message_id: id, emoji: '👍' }, 'ack');
    await changeOf(owner, id, (m) => m.reactions?.[0]?.count === 19);
    const kinds = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '🥲'];
    for (const emoji of kinds) await owner.expectReply('reaction_add', { message_id: id, emoji }, 'ack');
    const refused = await owner.call('reaction_add', { message_id: id, emoji: '🤔' });
    expect(refused.payload).toMatchObject({ code: 'forbidden' });
    expect((await owner.call('reaction_add', { message_id: id, emoji: 'not an emoji' })).payload).toMatchObject({
      code: 'invalid_payload',
    });
    expect((await owner.call('reaction_add', { message_id: id, emoji: '👍👍' })).payload).toMatchObject({ code: 'invalid_payload' });
  });

  it('replies carry a quote of the message they answer, and only within its room', async () => {
    const { anna, ben, roomId } = await pair();
    const long = 'x'.repeat(300);
    const original = await post(anna, roomId, long);
    const replyId = await post(ben, roomId, 'yes', { reply_to: original });
    const reply = await changeOf(anna, replyId, () => true);
    expect(reply.reply_to).toEqual({ message_id: original, user_id: anna.userId, nickname: anna.nickname, preview: 'x'.repeat(140) });
    const elsewhere = await post(anna, 1, 'in general');
    expect((await ben.call('message', { room_id: roomId, content: 'no', reply_to: elsewhere })).payload).toMatchObject({
      code: 'not_found',
    });
    await anna.expectReply('message_delete', { message_id: original }, 'ack');
    const page = await ben.expectReply('history', { room_id: roomId }, 'history');
    expect(page.messages.find((m) => m.message_id === replyId)?.reply_to).toMatchObject({
      message_id: original,
      preview: '',
      deleted: true,
    });
  });

  it('resolves @mentions of members (not in code, not unknown names) and counts unread mentions until read', async () => {
    const { anna, ben, roomId } = await pair();
    const upper = ben.nickname.toUpperCase();
    const id = await post(anna, roomId, `hi @${upper}, see \`@${ben.nickname}\` and @nobody_here`);
    const mention = await changeOf(ben, id, () => true);
    expect(mention.mentions).toEqual([ben.userId]);
    const code = await post(anna, roomId, `\`\`\`\n@${ben.nickname}\n\`\`\``);
    expect((await changeOf(ben, code, () => true)).mentions).toBeUndefined();
    await post(anna, roomId, `@${ben.nickname}: again`);
    const summary = async () => (await ben.expectReply('rooms', {}, 'rooms')).rooms.find((r) => r.room_id === roomId);
    expect(await summary()).toMatchObject({ unread: 3, mention_count: 2 });
    const read = await ben.expectReply('read', { room_id: roomId, seq: 2 }, 'read');
    expect(read).toMatchObject({ unread: 1, mention_count: 1 });
    await anna.expectReply('message_edit', { message_id: id, content: 'hi all' }, 'ack');
    const roomWide = await post(anna, roomId, 'attention @room');
    expect((await changeOf(ben, roomWide, () => true)).mentions_room).toBe(true);
    expect(await summary()).toMatchObject({ unread: 2, mention_count: 2 });
    await ben.expectReply('read', { room_id: roomId, seq: 4 }, 'read');
    expect(await summary()).toMatchObject({ unread: 0, mention_count: 0 });
  });

  it('refuses what is not allowed with a clear error, changing nothing and telling nobody', async () => {
    const { anna, ben, roomId } = await pair();
    const outsider = await user();
    const id = await post(anna, roomId, 'mine');
    await changeOf(ben, id, () => true);
    const before = ben.frames.length;
    const refusals: Array<[TestClient, string, Record<string, unknown>, string]> = [
      [ben, 'message_edit', { message_id: id, content: 'hijacked' }, 'forbidden'],
      [ben, 'message_delete', { message_id: id }, 'forbidden'],
      [outsider, 'reaction_add', { message_id: id, emoji: '👍' }, 'not_found'],
      [outsider, 'message_edit', { message_id: id, content: 'x' }, 'not_found'],
      [anna, 'message_edit', { message_id: 987654321, content: 'x' }, 'not_found'],
      [anna, 'message_edit', { message_id: id, content: '   ' }, 'invalid_payload'],
    ];
    for (const [client, kind, payload, code] of refusals) expect((await client.call(kind, payload)).payload, kind).toMatchObject({ code });
    await sql`update messages set created_at = now() - interval '2 days' where id = ${id}`.execute(db());
    expect((await anna.call('message_edit', { message_id: id, content: 'too late' })).payload).toMatchObject({ code: 'forbidden' });
    await anna.expectReply('message_delete', { message_id: id }, 'ack');
    await changeOf(ben, id, (m) => m.deleted === true);
    expect((await anna.call('message_edit', { message_id: id, content: 'back' })).payload).toMatchObject({ code: 'not_found' });
    expect((await ben.call('reaction_add', { message_id: id, emoji: '👍' })).payload).toMatchObject({ code: 'not_found' });
    const seen = ben.frames.slice(before).filter((f) => f.kind === 'send');
    expect(seen.flatMap((f) => (f.kind === 'send' ? f.payload.messages : [])).map((m) => m.content)).toEqual(['']);
    const stored = await db().selectFrom('messages').select(['content', 'rev']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.content).toBe('');
  });
});
