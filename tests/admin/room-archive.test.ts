import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerPayloads } from '../../src/protocol/server-events.js';
import { signUpFirstAdmin, TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

type Who = 'admin' | 'owner' | 'moderator' | 'member' | 'outsider' | 'deactivated';
type Kind = 'public' | 'private';

/** A word search finds in exactly one message. */
const word = () => Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

/** Archive and unarchive: the owner, or an admin who can see the room (a public one here; they are in no private one). */
const mayArchive = (kind: Kind, who: Who) => who === 'owner' || (who === 'admin' && kind === 'public');

describe.each(stores)('archived rooms on %s', (store) => {
  const server = useServer(store);
  let admin: TestClient;
  const connect = () => TestClient.connect(server().wsUrl);
  const db = () => server().server.store.db;

  beforeAll(async () => {
    admin = await signUpFirstAdmin(server().wsUrl);
  });

  /**
   * A fresh room with an owner, a moderator, a member (who wrote a message), a watcher, an outsider, and a
   * member whose account an admin deactivated in the database while their socket is still open (the moment
   * before every process closes it): their standing is read from the database, so they have no power left.
   */
  async function scene(kind: Kind) {
    const [owner, moderator, member, watcher, outsider, deactivated] = await Promise.all(
      Array.from({ length: 6 }, async () => (await connect()).signup()),
    );
    const o = owner as TestClient;
    const roomId = (await o.expectReply('room_create', { kind, name: `archive ${kind}`, topic: 'old topic' }, 'room')).room.room_id;
    for (const client of [moderator, member, watcher, deactivated] as TestClient[]) {
      if (kind === 'public') await client.expectReply('room_join', { room_id: roomId }, 'room');
      else await o.expectReply('room_invite', { room_id: roomId, nickname: client.nickname }, 'room');
    }
    const mod = moderator as TestClient;
    await o.expectReply('moderate', { room_id: roomId, action: 'set_room_role', user_id: mod.userId, role: 'moderator' }, 'moderated');
    const gone = deactivated as TestClient;
    await db().updateTable('users').set({ role: 'deactivated' }).where('id', '=', gone.userId).execute();
    const m = member as TestClient;
    const secret = word();
    const ack = await m.expectReply('message', { room_id: roomId, content: `archived words ${secret}` }, 'ack');
    const actors: Record<Who, TestClient> = {
      admin,
      owner: o,
      moderator: mod,
      member: m,
      outsider: outsider as TestClient,
      deactivated: gone,
    };
    return { roomId, secret, messageId: ack.message_id, member: m, watcher: watcher as TestClient, actors };
  }

  const archivedAt = async (roomId: number) =>
    (await db().selectFrom('rooms').select('archived_at').where('id', '=', roomId).executeTakeFirstOrThrow()).archived_at;
  const audit = (roomId: number, actions: string[]) =>
    db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'old_value', 'new_value', 'address'])
      .where('target_room_id', '=', roomId)
      .where('action', 'in', actions)
      .orderBy('id')
      .execute();
  const messageCount = async (roomId: number) =>
    Number(
      (await db().selectFrom('messages').select(sql<number>`count(*)`.as('n')).where('room_id', '=', roomId).executeTakeFirstOrThrow()).n,
    );
  const membersNamed = (roomId: number, userId: number) =>
    db().selectFrom('room_members').select('user_id').where('room_id', '=', roomId).where('user_id', '=', userId).execute();
  const updatesOf = (client: TestClient, roomId: number) => client.all('room_updated').filter((frame) => frame.payload.room_id === roomId);

  const cases: Array<['archive' | 'unarchive', Kind, Who]> = [];
  for (const action of ['archive', 'unarchive'] as const) {
    for (const kind of ['public', 'private'] as Kind[]) {
      for (const who of ['admin', 'owner', 'moderator', 'member', 'outsider', 'deactivated'] as Who[]) cases.push([action, kind, who]);
    }
  }

  it.each(cases)('%s of a %s room by the %s', async (action, kind, who) => {
    const { roomId, watcher, actors } = await scene(kind);
    if (action === 'unarchive') {
      await actors.owner.expectReply('moderate', { room_id: roomId, action: 'archive' }, 'moderated');
      await watcher.next('room_updated', (p) => p.room_id === roomId && p.archived);
      await db().deleteFrom('audit_log').where('target_room_id', '=', roomId).execute();
    }
    const before = await archivedAt(roomId);
    const seen = updatesOf(watcher, roomId).length;
    const answer = await actors[who].call('moderate', { room_id: roomId, action });
    const entries = await audit(roomId, ['room_archived', 'room_unarchived']);

    if (!mayArchive(kind, who)) {
      expect(answer.kind).toBe('error');
      expect(answer.payload).toMatchObject({ code: 'forbidden' });
      expect(await archivedAt(roomId)).toEqual(before);
      expect(entries).toEqual([]);
      // Nothing went out: the watcher hears the sentinel message and no room_updated before it.
      const sentinel = await actors.moderator.call('message', { room_id: roomId, content: 'sentinel' });
      if (action === 'archive') await watcher.next('send', (p) => p.messages.some((msg) => msg.content === 'sentinel'));
      else expect(sentinel.payload).toMatchObject({ code: 'forbidden' });
      expect(updatesOf(watcher, roomId)).toHaveLength(seen);
      return;
    }
    expect(answer.kind).toBe('moderated');
    expect(answer.payload).toMatchObject({ room_id: roomId, action });
    expect((await archivedAt(roomId)) !== null).toBe(action === 'archive');
    expect(entries).toEqual([
      {
        action: action === 'archive' ? 'room_archived' : 'room_unarchived',
        actor_id: actors[who].userId,
        old_value: null,
        new_value: null,
        address: '127.0.0.1',
      },
    ]);
    const update = await watcher.next('room_updated', (p) => p.room_id === roomId && p.archived === (action === 'archive'));
    expect(update.payload).toMatchObject({ name: `archive ${kind}`, topic: 'old topic' });
    const { rooms } = await watcher.expectReply('rooms', {}, 'rooms');
    expect(rooms.find((room) => room.room_id === roomId)?.archived).toBe(action === 'archive' ? true : undefined);
  });

  it('refuses a DM archive to both people and to an admin', async () => {
    const [anna, boris] = await Promise.all([(await connect()).signup(), (await connect()).signup()]);
    const roomId = (await anna.expectReply('dm_open', { nickname: boris.nickname }, 'room')).room.room_id;
    for (const client of [anna, boris, admin]) {
      expect((await client.call('moderate', { room_id: roomId, action: 'archive' })).payload).toMatchObject({ code: 'forbidden' });
    }
    expect(await archivedAt(roomId)).toBeNull();
  });

  it('refuses every write to an archived room and commits nothing; reading, search and leaving still work; unarchive restores', async () => {
    const { roomId, secret, messageId, member, watcher, actors } = await scene('private');
    const newcomer = await (await connect()).signup();
    await actors.owner.expectReply('moderate', { room_id: roomId, action: 'archive' }, 'moderated');
    await member.next('room_updated', (p) => p.room_id === roomId && p.archived);
    const messages = await messageCount(roomId);
    const rev = (await db().selectFrom('rooms').select('last_rev').where('id', '=', roomId).executeTakeFirstOrThrow()).last_rev;

    const refusals: Array<[TestClient, string, Record<string, unknown>]> = [
      [member, 'message', { room_id: roomId, content: 'too late', client_id: 'late-1' }],
      [actors.owner, 'message', { room_id: roomId, content: 'owner too' }],
      [member, 'message_edit', { message_id: messageId, content: 'changed' }],
      [member, 'message_delete', { message_id: messageId }],
      [watcher, 'reaction_add', { message_id: messageId, emoji: '👍' }],
      [actors.owner, 'room_invite', { room_id: roomId, nickname: newcomer.nickname }],
    ];
    for (const [client, kind, payload] of refusals) {
      const answer = await client.call(kind, payload);
      expect([kind, answer.kind, answer.payload]).toMatchObject([kind, 'error', { code: 'forbidden', message: 'this room is archived' }]);
    }
    expect(await messageCount(roomId)).toBe(messages);
    const after = await db().selectFrom('rooms').select('last_rev').where('id', '=', roomId).executeTakeFirstOrThrow();
    expect(after.last_rev).toBe(rev);
    const row = await db().selectFrom('messages').select(['content', 'deleted_at']).where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(row).toEqual({ content: `archived words ${secret}`, deleted_at: null });
    expect(await db().selectFrom('reactions').select('emoji').where('message_id', '=', messageId).execute()).toEqual([]);
    expect(await membersNamed(roomId, newcomer.userId)).toEqual([]);

    // Reading still works: history and search find the message; leaving is allowed.
    const history = await member.expectReply('history', { room_id: roomId }, 'history');
    expect(history.messages.map((message) => message.message_id)).toContain(messageId);
    const results = (await member.expectReply('search', { query: secret }, 'search_results')) as ServerPayloads['search_results'];
    expect(results.hits.map((hit) => hit.message.message_id)).toContain(messageId);
    await watcher.expectReply('room_leave', { room_id: roomId }, 'room_removed');
    // A moderator may still remove spam found later.
    const spam = await actors.moderator.call('moderate', { room_id: roomId, action: 'delete_message', message_id: messageId });
    expect(spam.kind).toBe('moderated');

    await actors.owner.expectReply('moderate', { room_id: roomId, action: 'unarchive' }, 'moderated');
    await member.next('room_updated', (p) => p.room_id === roomId && !p.archived);
    const ack = await member.expectReply('message', { room_id: roomId, content: 'back again', client_id: 'late-1' }, 'ack');
    expect(ack.duplicate).toBeUndefined();
    expect(await messageCount(roomId)).toBe(messages + 1);
    await actors.owner.expectReply('room_invite', { room_id: roomId, nickname: newcomer.nickname }, 'room');
  });

  it('refuses joining an archived public room; archiving twice is audited once', async () => {
    const { roomId, actors } = await scene('public');
    const newcomer = await (await connect()).signup();
    await actors.admin.expectReply('moderate', { room_id: roomId, action: 'archive' }, 'moderated');
    // Archiving again changes nothing: answered, not audited twice.
    await actors.owner.expectReply('moderate', { room_id: roomId, action: 'archive' }, 'moderated');
    expect(await audit(roomId, ['room_archived'])).toHaveLength(1);
    expect((await newcomer.call('room_join', { room_id: roomId })).payload).toMatchObject({ code: 'forbidden' });
    expect(await membersNamed(roomId, newcomer.userId)).toEqual([]);
  });

  const renames: Array<[Kind, Who]> = [];
  for (const kind of ['public', 'private'] as Kind[]) {
    for (const who of ['admin', 'owner', 'moderator', 'member', 'outsider', 'deactivated'] as Who[]) renames.push([kind, who]);
  }

  it.each(renames)('room_update of a %s room by the %s', async (kind, who) => {
    const { roomId, watcher, actors } = await scene(kind);
    const seen = updatesOf(watcher, roomId).length;
    const answer = await actors[who].call('room_update', { room_id: roomId, name: `renamed by ${who}`, topic: 'new topic' });
    const entries = await audit(roomId, ['room_renamed', 'room_topic_changed']);
    const room = await db().selectFrom('rooms').select(['name', 'topic']).where('id', '=', roomId).executeTakeFirstOrThrow();
    if (!mayArchive(kind, who)) {
      expect(answer.kind).toBe('error');
      expect(['forbidden', 'not_found']).toContain((answer.payload as { code: string }).code);
      expect(room).toEqual({ name: `archive ${kind}`, topic: 'old topic' });
      expect(entries).toEqual([]);
      expect(updatesOf(watcher, roomId)).toHaveLength(seen);
      return;
    }
    expect(answer.kind).toBe('room_updated');
    expect(room).toEqual({ name: `renamed by ${who}`, topic: 'new topic' });
    await watcher.next('room_updated', (p) => p.room_id === roomId && p.name === `renamed by ${who}`);
    // The owner's own edits are theirs to make; an admin's edit of someone's room is audited, old and new.
    const expected =
      who === 'admin'
        ? [
            {
              action: 'room_renamed',
              actor_id: admin.userId,
              old_value: `archive ${kind}`,
              new_value: `renamed by ${who}`,
              address: '127.0.0.1',
            },
            { action: 'room_topic_changed', actor_id: admin.userId, old_value: 'old topic', new_value: 'new topic', address: '127.0.0.1' },
          ]
        : [];
    expect(entries).toEqual(expected);
  });
});
