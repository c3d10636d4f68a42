import { beforeAll, describe, expect, it } from 'vitest';
import { signUpFirstAdmin, TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

/** What the web page's admin panel and moderator controls read beyond the admin pages of the protocol. */
describe('admin_stats and muted members (pglite)', () => {
  const server = useServer('pglite');
  let admin: TestClient;
  const connect = () => TestClient.connect(server().wsUrl);

  beforeAll(async () => {
    admin = await signUpFirstAdmin(server().wsUrl);
  });

  it('answers an admin with the numbers of /metrics, which move as messages are committed', async () => {
    const before = await admin.expectReply('admin_stats', {}, 'admin_stats');
    expect(Date.parse(before.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(before.values['chat_connections{state="signed_in"}']).toBeGreaterThanOrEqual(1);
    expect(before.values.chat_signed_in_users).toBeGreaterThanOrEqual(1);
    expect(before.values.chat_database_up).toBe(1);
    expect(before.values.chat_redis_up).toBe(1);
    expect(before.values.chat_process_start_time_seconds).toBeGreaterThan(0);
    // Histogram buckets are left out; their sums and counts stay.
    expect(Object.keys(before.values).some((key) => key.includes('_bucket'))).toBe(false);
    expect(before.values).toHaveProperty('chat_commit_seconds_count');

    for (let i = 0; i < 3; i++) await admin.expectReply('message', { room_id: 1, content: `counted ${i}` }, 'ack');
    const after = await admin.expectReply('admin_stats', {}, 'admin_stats');
    const committed = (values: Record<string, number>) => values.chat_messages_committed_total ?? 0;
    expect(committed(after.values) - committed(before.values)).toBeGreaterThanOrEqual(3);
  });

  it('refuses anyone else with forbidden', async () => {
    const member = await (await connect()).signup();
    const refused = await member.call('admin_stats');
    expect(refused.kind).toBe('error');
    expect(refused.payload).toMatchObject({ code: 'forbidden' });
    const anonymous = await connect();
    expect((await anonymous.call('admin_stats')).payload).toMatchObject({ code: 'not_authorized' });
  });

  it("lists a muted member's mute in members until they are unmuted", async () => {
    const member = await (await connect()).signup();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await admin.expectReply('moderate', { room_id: 1, action: 'mute', user_id: member.userId, until }, 'moderated');
    const muted = await admin.expectReply('members', { room_id: 1 }, 'members');
    expect(muted.members.find((m) => m.user_id === member.userId)?.muted_until).toBe(until);
    expect(muted.members.find((m) => m.user_id === admin.userId)).not.toHaveProperty('muted_until');
    await admin.expectReply('moderate', { room_id: 1, action: 'unmute', user_id: member.userId }, 'moderated');
    const unmuted = await admin.expectReply('members', { room_id: 1 }, 'members');
    expect(unmuted.members.find((m) => m.user_id === member.userId)).not.toHaveProperty('muted_until');
  });

  it("tells everyone in the room of a member's mute and room role, the asker once with its request_id, outsiders nothing", async () => {
    const owner = await (await connect()).signup();
    const signUp = async () => (await connect()).signup();
    const [member, watcher, outsider] = await Promise.all([signUp(), signUp(), signUp()]);
    const { room } = await owner.expectReply('room_create', { kind: 'private', name: 'live moderation' }, 'room');
    for (const invitee of [member, watcher]) {
      await owner.expectReply('room_invite', { room_id: room.room_id, nickname: invitee.nickname }, 'room');
    }
    const ofRoom = (client: TestClient) => client.all('moderated').filter((frame) => frame.payload.room_id === room.room_id);

    const until = new Date(Date.now() + 3_600_000).toISOString();
    owner.send('moderate', { room_id: room.room_id, action: 'mute', user_id: member.userId, until, request_id: 'mute-1' });
    await owner.next('moderated', (p) => p.request_id === 'mute-1');
    for (const client of [member, watcher]) {
      const heard = await client.next('moderated', (p) => p.room_id === room.room_id && p.action === 'mute');
      expect(heard.payload).toEqual({ room_id: room.room_id, action: 'mute', user_id: member.userId, until });
    }
    owner.send('moderate', {
      room_id: room.room_id,
      action: 'set_room_role',
      user_id: watcher.userId,
      role: 'moderator',
      request_id: 'role-1',
    });
    await owner.next('moderated', (p) => p.request_id === 'role-1');
    for (const client of [member, watcher]) {
      await client.next('moderated', (p) => p.room_id === room.room_id && p.action === 'set_room_role' && p.role === 'moderator');
    }
    // Nobody heard anything twice, only the asker's copies carry its request_ids, and the outsider heard nothing.
    await owner.expectReply('ping', {}, 'pong');
    expect(ofRoom(owner).map((frame) => frame.payload.request_id)).toEqual(['mute-1', 'role-1']);
    for (const client of [member, watcher]) {
      expect(ofRoom(client).map((frame) => [frame.payload.action, frame.payload.request_id])).toEqual([
        ['mute', undefined],
        ['set_room_role', undefined],
      ]);
    }
    expect(ofRoom(outsider)).toEqual([]);
  });
});
