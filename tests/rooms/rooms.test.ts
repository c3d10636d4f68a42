import { describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../src/protocol/rooms.js';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

describe.each(stores)('rooms and direct messages on %s', (store) => {
  const server = useServer(store);
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();
  const create = (client: TestClient, payload: Record<string, unknown>) =>
    client.expectReply('room_create', payload, 'room').then((p) => p.room);

  it('lists the default room for a new user', async () => {
    const anna = await user();
    const { rooms } = await anna.expectReply('rooms', {}, 'rooms');
    expect(rooms.map((room) => [room.room_id, room.kind, room.name])).toEqual([[1, 'public', 'general']]);
  });

  it('creates a public room that others find in the directory and join; a message without room_id still goes to the default room', async () => {
    const owner = await user();
    const name = `lobby ${uniqueNickname('')}`;
    const room = await create(owner, { kind: 'public', name, topic: 'all welcome' });
    expect(room).toMatchObject({ kind: 'public', name, topic: 'all welcome', owner_id: owner.userId, unread: 0, last_message: null });

    const guest = await user();
    const directory = await guest.expectReply('room_directory', {}, 'room_directory');
    expect(directory.rooms.find((entry) => entry.room_id === room.room_id)).toMatchObject({ name, member_count: 1, joined: false });
    const joined = await guest.expectReply('room_join', { room_id: room.room_id }, 'room');
    expect(joined.room.room_id).toBe(room.room_id);

    guest.send('message', { room_id: room.room_id, content: 'hi lobby' });
    const delivered = await owner.next('send', (p) => p.messages.some((m) => m.content === 'hi lobby'));
    expect(delivered.payload.messages[0]).toMatchObject({ room_id: room.room_id, seq: 1 });
    guest.send('message', { content: 'hi general' });
    const general = await owner.next('send', (p) => p.messages.some((m) => m.content === 'hi general'));
    expect(general.payload.messages[0]?.room_id).toBe(1);
  });

  it('keeps a private room invisible to outsiders until a member invites them', async () => {
    const owner = await user();
    const outsider = await user();
    const room = await create(owner, { kind: 'private', name: 'secret plans' });
    const directory = await outsider.expectReply('room_directory', {}, 'room_directory');
    expect(directory.rooms.map((entry) => entry.room_id)).not.toContain(room.room_id);
    expect((await outsider.call('room_join', { room_id: room.room_id })).payload).toMatchObject({ code: 'not_found' });

    await owner.expectReply('room_invite', { room_id: room.room_id, nickname: outsider.nickname }, 'room');
    const pushed = await outsider.next('room', (p) => p.room.room_id === room.room_id);
    expect(pushed.payload.room).toMatchObject({ kind: 'private', name: 'secret plans' });
    outsider.send('message', { room_id: room.room_id, content: 'thanks for the invite' });
    await owner.next('send', (p) => p.messages.some((m) => m.content === 'thanks for the invite'));
  });

  it('lets only the owner rename or change the topic, and tells every member', async () => {
    const owner = await user();
    const member = await user();
    const room = await create(owner, { kind: 'private', name: 'before' });
    await owner.expectReply('room_invite', { room_id: room.room_id, nickname: member.nickname }, 'room');
    expect((await member.call('room_update', { room_id: room.room_id, name: 'hijacked' })).payload).toMatchObject({ code: 'forbidden' });
    owner.send('room_update', { room_id: room.room_id, name: 'after', topic: 'new topic' });
    const update = await member.next('room_updated', (p) => p.room_id === room.room_id);
    expect(update.payload).toMatchObject({ name: 'after', topic: 'new topic' });
    expect((await owner.call('room_update', { room_id: room.room_id, name: '   ' })).payload).toMatchObject({ code: 'invalid_payload' });
  });

  it('leaves a room: no more messages from it, and it is gone from the list', async () => {
    const owner = await user();
    const leaver = await user();
    const room = await create(owner, { kind: 'public', name: 'short stay' });
    await leaver.expectReply('room_join', { room_id: room.room_id }, 'room');
    await leaver.expectReply('room_leave', { room_id: room.room_id }, 'room_removed');
    owner.send('message', { room_id: room.room_id, content: 'after you left' });
    owner.send('message', { content: 'in general' });
    await leaver.next('send', (p) => p.messages.some((m) => m.content === 'in general'));
    expect(leaver.messages().map((m) => m.content)).not.toContain('after you left');
    const { rooms } = await leaver.expectReply('rooms', {}, 'rooms');
    expect(rooms.map((r) => r.room_id)).not.toContain(room.room_id);
    expect((await leaver.call('room_leave', { room_id: 1 })).payload).toMatchObject({ code: 'forbidden' });
  });

  it('opens one DM per pair, named after the other person, from either side', async () => {
    const anna = await user();
    const bob = await user();
    const first = await anna.expectReply('dm_open', { nickname: bob.nickname.toUpperCase() }, 'room');
    expect(first.room).toMatchObject({ kind: 'dm', name: bob.nickname });
    const again = await bob.expectReply('dm_open', { nickname: anna.nickname }, 'room');
    expect(again.room).toMatchObject({ room_id: first.room.room_id, name: anna.nickname });
    expect((await anna.call('dm_open', { nickname: uniqueNickname('nobody') })).payload).toMatchObject({ code: 'not_found' });
    expect((await anna.call('dm_open', { nickname: anna.nickname })).payload).toMatchObject({ code: 'invalid_payload' });
    expect((await anna.call('room_invite', { room_id: first.room.room_id, nickname: (await user()).nickname })).payload).toMatchObject({
      code: 'forbidden',
    });
  });

  it('creates group DMs of up to 8 people', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, () => user()));
    const [creator, ...others] = people as [TestClient, ...TestClient[]];
    const group = await create(creator, { kind: 'group', members: others.slice(0, 6).map((o) => o.nickname) });
    expect(group.kind).toBe('group');
    expect(group.members).toHaveLength(7);
    await creator.expectReply('room_invite', { room_id: group.room_id, nickname: others[6]?.nickname }, 'room');
    const ninth = await user();
    expect((await creator.call('room_invite', { room_id: group.room_id, nickname: ninth.nickname })).payload).toMatchObject({
      code: 'forbidden',
    });
    const tooBig = [...others.map((o) => o.nickname), ninth.nickname];
    expect((await creator.call('room_create', { kind: 'group', members: tooBig })).payload).toMatchObject({ code: 'invalid_payload' });
  });

  it('keeps the room list live: last message preview and unread count follow messages anywhere', async () => {
    const anna = await user();
    const bob = await user();
    const dm = await anna.expectReply('dm_open', { nickname: bob.nickname }, 'room');
    for (const content of ['one', 'two', 'three']) {
      anna.send('message', { room_id: dm.room.room_id, content, request_id: content });
      await anna.next('ack', (p) => p.request_id === content);
    }
    const { rooms } = await bob.expectReply('rooms', {}, 'rooms');
    const seen = rooms.find((room) => room.room_id === dm.room.room_id) as RoomSummary;
    expect(seen).toMatchObject({ unread: 3, last_seq: 3, read_seq: 0, name: anna.nickname });
    expect(seen.last_message).toMatchObject({ content: 'three', user_id: anna.userId });
    const annaView = (await anna.expectReply('rooms', {}, 'rooms')).rooms.find((room) => room.room_id === dm.room.room_id);
    expect(annaView).toMatchObject({ unread: 0, read_seq: 3 });
  });

  it('tells existing members when someone joins or leaves, and shows DM partners online', async () => {
    const owner = await user();
    const room = await create(owner, { kind: 'public', name: 'comings and goings' });
    const guest = await user();
    await guest.expectReply('room_join', { room_id: room.room_id }, 'room');
    const joined = await owner.next('member', (p) => p.room_id === room.room_id && p.user_id === guest.userId);
    // The join says the newcomer is online: the owner's page need not ask for the list again to show the dot.
    expect(joined.payload).toMatchObject({ nickname: guest.nickname, joined: true, online: true });
    await guest.expectReply('room_leave', { room_id: room.room_id }, 'room_removed');
    const left = await owner.next('member', (p) => p.room_id === room.room_id && p.user_id === guest.userId && !p.joined);
    expect(left.payload.online).toBeUndefined();
    const dm = await owner.expectReply('dm_open', { nickname: guest.nickname }, 'room');
    expect(dm.room.members?.find((m) => m.user_id === guest.userId)?.online).toBe(true);
  });

  it('lists members with per-user presence', async () => {
    const owner = await user();
    const away = await user();
    const room = await create(owner, { kind: 'private', name: 'presence check' });
    await owner.expectReply('room_invite', { room_id: room.room_id, nickname: away.nickname }, 'room');
    away.close();
    await owner.next('presence', (p) => p.users.some((u) => u.user_id === away.userId && !u.online));
    const { members } = await owner.expectReply('members', { room_id: room.room_id }, 'members');
    const byId = new Map(members.map((member) => [member.user_id, member]));
    expect(byId.get(owner.userId)).toMatchObject({ role: 'owner', online: true });
    expect(byId.get(away.userId)).toMatchObject({ role: 'member', online: false });
  });
});
