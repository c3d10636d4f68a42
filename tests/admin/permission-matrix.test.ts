import { beforeAll, describe, expect, it } from 'vitest';
import type { ModerateAction } from '../../src/protocol/roles.js';
import { signUpFirstAdmin, TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

type Who = 'admin' | 'owner' | 'moderator' | 'member' | 'outsider';
type Kind = 'public' | 'private' | 'dm';

/** Who may do what where: everything else must be refused with `forbidden` and change nothing. */
function allowed(action: ModerateAction, kind: Kind, who: Who): boolean {
  if (kind === 'dm') return false;
  const moderates = who === 'owner' || who === 'moderator' || (who === 'admin' && kind === 'public');
  switch (action) {
    case 'delete_message':
    case 'mute':
    case 'unmute':
      return moderates;
    case 'remove_member':
      return kind === 'private' && moderates;
    case 'set_room_role':
    case 'archive':
    case 'unarchive':
      // Archiving has its own matrix (tests/admin/room-archive.test.ts): it acts on the room, not on a member.
      return who === 'owner' || (who === 'admin' && kind === 'public');
  }
}

describe.each(stores)('moderation permission matrix on %s', (store) => {
  const server = useServer(store);
  let admin: TestClient;
  const connect = () => TestClient.connect(server().wsUrl);
  const db = () => server().server.store.db;

  beforeAll(async () => {
    admin = await signUpFirstAdmin(server().wsUrl);
    const second = await (await connect()).signup();
    expect(second.frames.find((frame) => frame.kind === 'authorize')?.payload).toMatchObject({ role: 'member' });
  });

  /** A fresh room of the kind with an owner, a moderator, a target member with a message, and a watcher. */
  async function scene(kind: Kind) {
    const [owner, moderator, member, target, watcher, outsider] = await Promise.all(
      Array.from({ length: 6 }, async () => (await connect()).signup()),
    );
    const o = owner as TestClient;
    let roomId: number;
    if (kind === 'dm') {
      roomId = (await o.expectReply('dm_open', { nickname: (target as TestClient).nickname }, 'room')).room.room_id;
      await (target as TestClient).next('room', (p) => p.room.room_id === roomId);
    } else {
      roomId = (await o.expectReply('room_create', { kind, name: `matrix ${kind}` }, 'room')).room.room_id;
      for (const client of [moderator, member, target, watcher] as TestClient[]) {
        if (kind === 'public') await client.expectReply('room_join', { room_id: roomId }, 'room');
        else await o.expectReply('room_invite', { room_id: roomId, nickname: client.nickname }, 'room');
      }
      const promoted = await o.call('moderate', {
        room_id: roomId,
        action: 'set_room_role',
        user_id: (moderator as TestClient).userId,
        role: 'moderator',
      });
      expect(promoted.kind).toBe('moderated');
    }
    const t = target as TestClient;
    const ack = await t.expectReply('message', { room_id: roomId, content: 'target words' }, 'ack');
    const actors: Record<Who, TestClient> = {
      admin,
      owner: o,
      moderator: moderator as TestClient,
      member: member as TestClient,
      outsider: outsider as TestClient,
    };
    return { roomId, target: t, messageId: ack.message_id, watcher: kind === 'dm' ? o : (watcher as TestClient), actors };
  }

  const auditRows = async (roomId: number) =>
    db().selectFrom('audit_log').selectAll().where('target_room_id', '=', roomId).where('action', '<>', 'room_role_changed').execute();
  const membership = (roomId: number, userId: number) =>
    db()
      .selectFrom('room_members')
      .select(['role', 'silenced_until'])
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();

  const cases: Array<[ModerateAction, Kind, Who]> = [];
  for (const action of ['delete_message', 'remove_member', 'mute', 'unmute', 'set_room_role'] as ModerateAction[]) {
    for (const kind of ['public', 'private', 'dm'] as Kind[]) {
      for (const who of ['admin', 'owner', 'moderator', 'member', 'outsider'] as Who[]) {
        if (kind === 'dm' && (who === 'moderator' || who === 'member')) continue;
        cases.push([action, kind, who]);
      }
    }
  }

  it.each(cases)('%s in a %s room by the %s', async (action, kind, who) => {
    const { roomId, target, messageId, watcher, actors } = await scene(kind);
    if (action === 'unmute' && kind !== 'dm') {
      await actors.owner.expectReply('moderate', { room_id: roomId, action: 'mute', user_id: target.userId }, 'moderated');
      await db().deleteFrom('audit_log').where('target_room_id', '=', roomId).execute();
    }
    const before = await membership(roomId, target.userId);
    const payload = {
      room_id: roomId,
      action,
      message_id: messageId,
      user_id: target.userId,
      role: 'moderator',
      until: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const answer = await actors[who].call('moderate', payload);
    const audit = await auditRows(roomId);
    const message = await db().selectFrom('messages').select('deleted_at').where('id', '=', messageId).executeTakeFirstOrThrow();
    const after = await membership(roomId, target.userId);

    if (!allowed(action, kind, who)) {
      expect(answer.kind).toBe('error');
      expect(answer.payload).toMatchObject({ code: 'forbidden' });
      expect(audit).toEqual([]);
      expect(message.deleted_at).toBeNull();
      expect(after).toEqual(before);
      // Nothing went out: the watcher's next frame about the room is the sentinel sent after the refusal.
      const sentinel = await actors.owner.expectReply('message', { room_id: roomId, content: 'sentinel' }, 'ack');
      const seen = watcher.frames.length;
      await watcher.next('send', (p) => p.messages.some((m) => m.message_id === sentinel.message_id));
      // (The room hears every member's mute and role: the scene's own naming of its moderator, and the mute an
      // unmute case starts from, are not this refused action.)
      const refusedAction = (frame: (typeof watcher.frames)[number]) =>
        frame.kind === 'room_removed' ||
        (frame.kind === 'moderated' && frame.payload.action === action && frame.payload.user_id === target.userId);
      expect(watcher.frames.slice(0, seen).filter(refusedAction)).toEqual([]);
      expect(watcher.messages().some((m) => m.message_id === messageId && m.deleted)).toBe(false);
      expect(target.all('moderated').filter((f) => f.payload.user_id === target.userId && f.payload.action !== 'mute')).toEqual([]);
      return;
    }
    expect(answer.kind).toBe('moderated');
    expect(audit).toHaveLength(action === 'set_room_role' ? 0 : 1);
    const entry = audit[0];
    if (entry) {
      expect(entry.actor_id).toBe(actors[who].userId);
      expect(entry.target_user_id).toBe(target.userId);
      expect(entry.address).toBe('127.0.0.1');
    }
    switch (action) {
      case 'delete_message':
        expect(message.deleted_at).not.toBeNull();
        expect(entry?.target_message_id).toBe(messageId);
        await watcher.next('send', (p) => p.messages.some((m) => m.message_id === messageId && m.deleted === true));
        break;
      case 'remove_member':
        expect(after).toBeUndefined();
        await target.next('room_removed', (p) => p.room_id === roomId);
        await watcher.next('member', (p) => p.user_id === target.userId && !p.joined);
        break;
      case 'mute': {
        expect(after?.silenced_until).not.toBeNull();
        await target.next('moderated', (p) => p.action === 'mute' && p.room_id === roomId && p.user_id === target.userId);
        await watcher.next('moderated', (p) => p.action === 'mute' && p.room_id === roomId && p.user_id === target.userId);
        const refused = await target.call('message', { room_id: roomId, content: 'muted words' });
        expect(refused.payload).toMatchObject({ code: 'forbidden' });
        expect((refused.payload as { message: string }).message).toMatch(/another (59|60) min/);
        break;
      }
      case 'unmute':
        expect(after?.silenced_until).toBeNull();
        await target.next('moderated', (p) => p.action === 'unmute' && p.room_id === roomId && p.user_id === target.userId);
        await watcher.next('moderated', (p) => p.action === 'unmute' && p.room_id === roomId && p.user_id === target.userId);
        await target.expectReply('message', { room_id: roomId, content: 'free again' }, 'ack');
        break;
      case 'set_room_role': {
        expect(after?.role).toBe('moderator');
        const rows = await db()
          .selectFrom('audit_log')
          .selectAll()
          .where('target_room_id', '=', roomId)
          .where('target_user_id', '=', target.userId)
          .execute();
        expect(rows.map((row) => [row.action, row.old_value, row.new_value])).toEqual([['room_role_changed', 'member', 'moderator']]);
        await target.next('moderated', (p) => p.action === 'set_room_role' && p.role === 'moderator' && p.user_id === target.userId);
        await watcher.next('moderated', (p) => p.action === 'set_room_role' && p.user_id === target.userId);
        break;
      }
    }
  });

  it('lets a moderator delete any message with message_delete too, audited without its content', async () => {
    const { roomId, messageId, actors } = await scene('private');
    await actors.moderator.expectReply('message_delete', { message_id: messageId }, 'ack');
    const [entry] = await auditRows(roomId);
    expect(entry).toMatchObject({ action: 'message_deleted', target_message_id: messageId, old_value: null, new_value: null });
    const refused = await actors.member.call('message_delete', { message_id: messageId });
    expect(refused.payload).toMatchObject({ code: 'forbidden' });
  });

  it('keeps moderators from acting on the owner, on each other and on themselves', async () => {
    const { roomId, actors } = await scene('private');
    const second = await (await connect()).signup();
    await actors.owner.expectReply('room_invite', { room_id: roomId, nickname: second.nickname }, 'room');
    await actors.owner.expectReply(
      'moderate',
      { room_id: roomId, action: 'set_room_role', user_id: second.userId, role: 'moderator' },
      'moderated',
    );
    for (const userId of [actors.owner.userId, second.userId, actors.moderator.userId]) {
      for (const action of ['mute', 'remove_member']) {
        const answer = await actors.moderator.call('moderate', { room_id: roomId, action, user_id: userId });
        expect(answer.payload).toMatchObject({ code: 'forbidden' });
      }
    }
    const setOwner = await actors.owner.call('moderate', {
      room_id: roomId,
      action: 'set_room_role',
      user_id: actors.owner.userId,
      role: 'member',
    });
    expect(setOwner.payload).toMatchObject({ code: 'forbidden' });
  });
});
