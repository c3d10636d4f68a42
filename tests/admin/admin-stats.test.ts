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
});
