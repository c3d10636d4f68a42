import { beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

type Who = 'member' | 'non-member' | 'signed-out';
type RoomKind = 'private' | 'dm' | 'public' | 'missing';

/** Every room-scoped kind, with a payload that a member may send. */
const kinds: Array<[string, (roomId: number, nickname: string) => Record<string, unknown>, string]> = [
  ['history', (room_id) => ({ room_id }), 'history'],
  ['message', (room_id) => ({ room_id, content: 'probe' }), 'ack'],
  ['members', (room_id) => ({ room_id }), 'members'],
  ['typing', (room_id) => ({ room_id }), 'none'],
  ['read', (room_id) => ({ room_id, seq: 1 }), 'read'],
  ['room_update', (room_id) => ({ room_id, topic: 'probe topic' }), 'room_updated'],
  ['room_invite', (room_id, nickname) => ({ room_id, nickname }), 'room'],
];

/** What a non-member gets: a public room admits it exists; anything else looks like it does not. */
const outsiderCode: Record<RoomKind, string> = { private: 'not_found', dm: 'not_found', public: 'forbidden', missing: 'not_found' };

describe.each(stores)('permission matrix on %s', (store) => {
  const server = useServer(store);
  const rooms = {} as Record<RoomKind, number>;
  let member: TestClient;
  let outsider: TestClient;
  let signedOut: TestClient;
  let peer: TestClient;

  beforeAll(async () => {
    const connect = () => TestClient.connect(server().wsUrl);
    member = await (await connect()).signup();
    peer = await (await connect()).signup();
    outsider = await (await connect()).signup();
    signedOut = await connect();
    rooms.private = (await member.expectReply('room_create', { kind: 'private', name: 'matrix private' }, 'room')).room.room_id;
    rooms.public = (await member.expectReply('room_create', { kind: 'public', name: 'matrix public' }, 'room')).room.room_id;
    rooms.dm = (await member.expectReply('dm_open', { nickname: peer.nickname }, 'room')).room.room_id;
    rooms.missing = 987_654;
    member.send('message', { room_id: rooms.private, content: 'private words', request_id: 'seed' });
    await member.next('ack', (p) => p.request_id === 'seed');
  });

  const cases: Array<[string, RoomKind, Who]> = [];
  for (const [kind] of kinds) {
    for (const room of ['private', 'dm', 'public', 'missing'] as RoomKind[]) {
      for (const who of ['member', 'non-member', 'signed-out'] as Who[]) {
        if (who === 'member' && room === 'missing') continue;
        cases.push([kind, room, who]);
      }
    }
  }

  it.each(cases)('%s in a %s room by a %s', async (kind, room, who) => {
    const [, payloadOf, okKind] = kinds.find(([name]) => name === kind) as (typeof kinds)[number];
    const client = who === 'member' ? member : who === 'non-member' ? outsider : signedOut;
    const target = await TestClient.connect(server().wsUrl).then((c) => c.signup());
    const payload = payloadOf(rooms[room], target.nickname);
    if (who === 'member' && okKind === 'none') {
      const error = await client.call(kind, payload, 400).catch(() => undefined);
      expect(error, 'a member gets no error').toBeUndefined();
      return;
    }
    const reply = await client.call(kind, payload);
    if (who === 'member') {
      // A DM stays two people and has no owner: inviting or renaming there is refused even for members.
      const expected = room === 'dm' && (kind === 'room_invite' || kind === 'room_update') ? 'error' : okKind;
      expect(reply.kind).toBe(expected);
      return;
    }
    expect(reply.kind).toBe('error');
    const code = who === 'signed-out' ? 'not_authorized' : outsiderCode[room];
    expect(reply.payload).toMatchObject({ code });
  });

  it('leaks nothing to a non-member: no private message, typing or presence of the private room reached them', async () => {
    member.send('typing', { room_id: rooms.private });
    member.send('message', { room_id: rooms.private, content: 'still private', request_id: 'last' });
    await member.next('ack', (p) => p.request_id === 'last');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const privateRooms = new Set([rooms.private, rooms.dm]);
    expect(outsider.messages().filter((m) => privateRooms.has(m.room_id))).toEqual([]);
    expect(outsider.all('typing').filter((f) => privateRooms.has(f.payload.room_id))).toEqual([]);
    expect(signedOut.all('send')).toEqual([]);
    expect(signedOut.all('presence')).toEqual([]);
  });

  it('stored nothing for refused posts', async () => {
    const page = await member.expectReply('history', { room_id: rooms.private }, 'history');
    expect(page.messages.map((m) => m.content).filter((c) => c === 'probe')).toHaveLength(1);
  });
});
