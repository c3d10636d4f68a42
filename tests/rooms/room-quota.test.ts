import { describe, expect, it } from 'vitest';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

/** Each test acts from its own client addresses (127.0.0.0/8), so the per-address allowances do not mix. */
describe.each(stores)('room creation and invitation allowances on %s', (store) => {
  const server = useServer(store, { ROOM_CREATES_PER_MINUTE: '10', ROOM_INVITES_PER_MINUTE: '5' });
  const userAt = async (address: string) => (await TestClient.connect(server().wsUrl, {}, address)).signup();
  const codeOf = (frame: { kind: string; payload: unknown }) =>
    frame.kind === 'error' ? (frame.payload as { code: string }).code : frame.kind;

  it('refuses most of 400 fast public rooms with rate_limited, and none it refused reaches the directory', async () => {
    const spammer = await userAt('127.0.7.1');
    const prefix = `spam ${uniqueNickname('')}`;
    const replies = await Promise.all(
      Array.from({ length: 400 }, (_, i) => spammer.call('room_create', { kind: 'public', name: `${prefix} ${i}` }, 20_000)),
    );
    const created = replies
      .filter((reply) => reply.kind === 'room')
      .map((reply) => (reply.payload as { room: { name: string } }).room.name);
    expect(created).toHaveLength(10);
    expect(replies.filter((reply) => codeOf(reply) === 'rate_limited')).toHaveLength(390);
    expect(replies.find((reply) => reply.kind === 'error')?.payload).toMatchObject({
      message: expect.stringMatching(/made 10 rooms in the last minute/),
    });
    const reader = await userAt('127.0.7.2');
    const { rooms } = await reader.expectReply('room_directory', {}, 'room_directory');
    expect(
      rooms
        .filter((room) => room.name.startsWith(prefix))
        .map((room) => room.name)
        .sort(),
    ).toEqual(created.sort());
  });

  it('counts per address as well as per user: a second account on the same host is refused, another host is not', async () => {
    const first = await userAt('127.0.7.3');
    const second = await userAt('127.0.7.3');
    for (let i = 0; i < 10; i++) await first.expectReply('room_create', { kind: 'private', name: `mine ${i}` }, 'room');
    expect(codeOf(await second.call('room_create', { kind: 'private', name: 'same host' }))).toBe('rate_limited');
    const elsewhere = await userAt('127.0.7.4');
    await elsewhere.expectReply('room_create', { kind: 'private', name: 'other host' }, 'room');
    const firstElsewhere = await TestClient.connect(server().wsUrl, {}, '127.0.7.5');
    firstElsewhere.send('signin', { nickname: first.nickname, password: 'correct horse battery' });
    await firstElsewhere.next('authorize');
    expect(codeOf(await firstElsewhere.call('room_create', { kind: 'private', name: 'same user' }))).toBe('rate_limited');
  });

  it('counts group DMs and new DMs as creations; reopening an existing DM is free', async () => {
    const maker = await userAt('127.0.7.6');
    const [bob, carol] = await Promise.all([userAt('127.0.7.7'), userAt('127.0.7.7')]);
    await maker.expectReply('dm_open', { nickname: bob?.nickname }, 'room');
    await maker.expectReply('room_create', { kind: 'group', members: [bob?.nickname, carol?.nickname] }, 'room');
    for (let i = 0; i < 8; i++) await maker.expectReply('room_create', { kind: 'public', name: `filler ${uniqueNickname('')}` }, 'room');
    expect(codeOf(await maker.call('dm_open', { nickname: carol?.nickname }))).toBe('rate_limited');
    expect(codeOf(await maker.call('room_create', { kind: 'group', members: [carol?.nickname] }))).toBe('rate_limited');
    await maker.expectReply('dm_open', { nickname: bob?.nickname }, 'room');
    const { rooms } = await carol!.expectReply('rooms', {}, 'rooms');
    expect(rooms.map((room) => room.kind).sort()).toEqual(['group', 'public']);
  });

  it('limits invitations, and the refused invitee is not added', async () => {
    const owner = await userAt('127.0.7.8');
    const guests = await Promise.all(Array.from({ length: 6 }, () => userAt('127.0.7.9')));
    const { room } = await owner.expectReply('room_create', { kind: 'private', name: 'invite only' }, 'room');
    const replies = [];
    for (const guest of guests) replies.push(codeOf(await owner.call('room_invite', { room_id: room.room_id, nickname: guest.nickname })));
    expect(replies).toEqual(['room', 'room', 'room', 'room', 'room', 'rate_limited']);
    const { members } = await owner.expectReply('members', { room_id: room.room_id }, 'members');
    expect(members.map((member) => member.user_id)).not.toContain(guests[5]?.userId);
    expect(members).toHaveLength(6);
  });
});
