import { describe, expect, it } from 'vitest';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();
const PASSWORD = 'correct horse battery';

describe.each(stores)('server roles and admin_user on %s', (store) => {
  const server = useServer(store);
  const connect = () => TestClient.connect(server().wsUrl);
  const db = () => server().server.store.db;
  let admin: TestClient;

  const auditOf = (userId: number) => db().selectFrom('audit_log').selectAll().where('target_user_id', '=', userId).orderBy('id').execute();

  it('tells the first visitor of an empty server that their account becomes admin, and nobody after', async () => {
    const first = await connect();
    expect(first.frames[0]?.payload).toMatchObject({ first_account: true });
    admin = await first.signup();
    expect(first.all('authorize')[0]?.payload.role).toBe('admin');
    const later = await connect();
    expect(later.frames[0]?.payload).not.toHaveProperty('first_account');
    await later.signup();
    expect(later.all('authorize')[0]?.payload.role).toBe('member');
  });

  it('refuses admin_user from a member with forbidden, changing and auditing nothing', async () => {
    const member = await (await connect()).signup();
    const victim = await (await connect()).signup();
    for (const payload of [
      { user_id: victim.userId, action: 'deactivate' },
      { user_id: victim.userId, action: 'set_role', role: 'admin' },
      { user_id: member.userId, action: 'set_role', role: 'admin' },
      { user_id: admin.userId, action: 'set_role', role: 'member' },
    ]) {
      const answer = await member.call('admin_user', payload);
      expect(answer.payload).toMatchObject({ code: 'forbidden' });
    }
    const roles = await db()
      .selectFrom('users')
      .select(['id', 'role'])
      .where('id', 'in', [member.userId, victim.userId, admin.userId])
      .execute();
    expect(Object.fromEntries(roles.map((row) => [row.id, row.role]))).toEqual({
      [member.userId]: 'member',
      [victim.userId]: 'member',
      [admin.userId]: 'admin',
    });
    expect([...(await auditOf(victim.userId)), ...(await auditOf(member.userId))]).toEqual([]);
    expect(victim.isOpen).toBe(true);
  });

  it('deactivates: every socket closes at once, resume and sign-in are refused, the name shows as deactivated; reactivation undoes it', async () => {
    const nickname = uniqueNickname();
    const user = await (await connect()).signup(nickname, PASSWORD);
    const second = await connect();
    second.send('resume', { token: user.token });
    await second.next('authorize', (p) => p.allowed);
    const started = Date.now();
    const answer = await admin.expectReply('admin_user', { user_id: user.userId, action: 'deactivate' }, 'user_updated');
    expect(answer).toMatchObject({ user_id: user.userId, role: 'deactivated' });
    for (const client of [user, second]) {
      expect((await client.waitClosed(1_000)).code).toBe(4403);
      expect(client.all('user_updated').at(-1)?.payload.role).toBe('deactivated');
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    const resumed = await connect();
    resumed.send('resume', { token: user.token });
    expect((await resumed.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'invalid_token' });
    const signin = await connect();
    signin.send('signin', { nickname, password: PASSWORD });
    expect((await signin.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'account_deactivated' });
    const wrong = await connect();
    wrong.send('signin', { nickname, password: 'not the password at all' });
    expect((await wrong.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'bad_credentials' });
    const { members } = await admin.expectReply('members', { room_id: 1 }, 'members');
    expect(members.find((m) => m.user_id === user.userId)).toMatchObject({ deactivated: true });
    const [entry] = await auditOf(user.userId);
    expect(entry).toMatchObject({ action: 'user_deactivated', actor_id: admin.userId, old_value: 'member', new_value: 'deactivated' });

    await admin.expectReply('admin_user', { user_id: user.userId, action: 'reactivate' }, 'user_updated');
    const back = await connect();
    back.send('signin', { nickname, password: PASSWORD });
    expect((await back.next('authorize')).payload).toMatchObject({ allowed: true, role: 'member' });
    const again = await admin.call('admin_user', { user_id: user.userId, action: 'reactivate' });
    expect(again.payload).toMatchObject({ code: 'forbidden' });
  });

  it('changes roles: a new admin can act, the last admin cannot be demoted, nobody changes their own account', async () => {
    const other = await (await connect()).signup();
    await admin.expectReply('admin_user', { user_id: other.userId, action: 'set_role', role: 'admin' }, 'user_updated');
    await other.next('user_updated', (p) => p.role === 'admin');
    const self = await other.call('admin_user', { user_id: other.userId, action: 'set_role', role: 'member' });
    expect(self.payload).toMatchObject({ code: 'forbidden' });
    await other.expectReply('admin_user', { user_id: admin.userId, action: 'set_role', role: 'member' }, 'user_updated');
    // `admin` is a member now: its admin power is gone at once, whatever its connection was told at sign-in.
    const demoted = await admin.call('admin_user', { user_id: other.userId, action: 'deactivate' });
    expect(demoted.payload).toMatchObject({ code: 'forbidden' });
    await other.expectReply('admin_user', { user_id: admin.userId, action: 'set_role', role: 'admin' }, 'user_updated');
    const rows = await auditOf(other.userId);
    expect(rows.map((row) => [row.action, row.old_value, row.new_value])).toEqual([['role_changed', 'member', 'admin']]);
  });

  it('audits a burst of failed sign-ins as one row with a count', async () => {
    const user = await (await connect()).signup();
    const guesser = await connect();
    for (let i = 0; i < 5; i++) {
      guesser.send('signin', { nickname: user.nickname, password: `guess number ${i}` });
      await guesser.next('authorize');
    }
    const rows = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'signin_failed')
      .where('target_user_id', '=', user.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 5, address: '127.0.0.1' });
  });
});
