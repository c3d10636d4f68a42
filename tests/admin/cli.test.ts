import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../helpers/admin-cli.js';
import { TestClient } from '../helpers/client.js';
import { redisAvailable } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { availableStores, freshStoreLocation, type StoreLocation, TEST_REDIS_URL } from '../helpers/stores.js';

const stores = await availableStores();
const withRedis = await redisAvailable();
const PASSWORD = 'correct horse battery';
/** Each CLI run is a process that compiles with tsx and opens the store (PGlite: seconds, more on a busy machine). */
const CLI_TEST_MS = 600_000;

async function signin(server: TestServer, nickname: string, password: string) {
  const client = await TestClient.connect(server.wsUrl);
  client.send('signin', { nickname, password });
  return { client, payload: (await client.next('authorize')).payload };
}

describe.runIf(stores.includes('postgres'))('npm run admin on PostgreSQL, beside a running server', () => {
  let location: StoreLocation;
  let server: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    location = await freshStoreLocation('postgres');
    env = { ...location.env, ...(withRedis ? { REDIS_URL: TEST_REDIS_URL } : {}) };
    server = await startTestServer(env);
  });
  afterAll(async () => {
    await server?.close();
    await location?.dispose();
  });

  it(
    'runs every account command with its exit code and output',
    async () => {
      await (await TestClient.connect(server.wsUrl)).signup();
      const created = await runAdminCli(env, ['create-admin', 'boss']);
      expect(created.code).toBe(0);
      const password = /one-time password: (\S+)/.exec(created.stdout)?.[1] as string;
      expect((await signin(server, 'boss', password)).payload).toMatchObject({ allowed: true, role: 'admin' });
      expect((await runAdminCli(env, ['create-admin', 'BOSS'])).code).toBe(1);
      expect((await runAdminCli(env, ['create-admin', 'everyone'])).code).toBe(1);

      const user = await (await TestClient.connect(server.wsUrl)).signup(undefined, PASSWORD);
      const promoted = await runAdminCli(env, ['set-role', user.nickname, 'admin']);
      expect(promoted).toMatchObject({ code: 0, stdout: `${user.nickname} is now admin\n` });
      expect((await runAdminCli(env, ['set-role', user.nickname, 'admin'])).code).toBe(1);
      expect((await runAdminCli(env, ['set-role', user.nickname, 'king'])).code).toBe(2);
      expect((await runAdminCli(env, ['set-role', user.nickname, 'member'])).code).toBe(0);

      const reset = await runAdminCli(env, ['reset-password', user.nickname, '--password-stdin'], 'a brand new password\n');
      expect(reset.code).toBe(0);
      expect(reset.stdout).not.toContain('one-time password');
      expect((await signin(server, user.nickname, PASSWORD)).payload).toMatchObject({ allowed: false, reason: 'bad_credentials' });
      const { client, payload } = await signin(server, user.nickname, 'a brand new password');
      expect(payload).toMatchObject({ allowed: true });

      const deactivated = await runAdminCli(env, ['deactivate', user.nickname]);
      expect(deactivated.code).toBe(0);
      if (withRedis) expect((await client.waitClosed(3_000)).code).toBe(4403);
      expect((await signin(server, user.nickname, 'a brand new password')).payload).toMatchObject({ reason: 'account_deactivated' });
      const listed = await runAdminCli(env, ['list-users', '--role', 'deactivated']);
      expect(listed.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^${user.userId}\\tdeactivated\\t${user.nickname}\\t`)),
      ]);
      expect((await runAdminCli(env, ['reactivate', user.nickname])).code).toBe(0);
      expect((await signin(server, user.nickname, 'a brand new password')).payload).toMatchObject({ allowed: true, role: 'member' });

      const admins = await runAdminCli(env, ['list-users', '--role', 'admin']);
      expect(admins.stdout).toMatch(/\tadmin\tboss\t/);
      const audit = await runAdminCli(env, ['audit', '--user', user.nickname]);
      expect(audit.code).toBe(0);
      const actions = audit.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t')[2]);
      expect(actions).toEqual(['user_reactivated', 'user_deactivated', 'signin_failed', 'password_reset', 'role_changed', 'role_changed']);
      expect((await runAdminCli(env, ['deactivate', 'nobody_by_that_name'])).code).toBe(1);
    },
    CLI_TEST_MS,
  );
});

describe('npm run admin on PGlite', () => {
  let location: StoreLocation;
  beforeAll(async () => {
    location = await freshStoreLocation('pglite');
  });
  afterAll(async () => {
    await location?.dispose();
  });

  it(
    'works on a stopped server, and says clearly that a running one must be stopped first',
    async () => {
      const env = location.env;
      const created = await runAdminCli(env, ['create-admin', 'root', '--password-stdin'], 'the root password\n');
      expect(created).toMatchObject({ code: 0, stdout: 'created admin root (id 1)\n' });
      const server = await startTestServer(env);
      try {
        expect((await signin(server, 'root', 'the root password')).payload).toMatchObject({ allowed: true, role: 'admin' });
        const refused = await runAdminCli(env, ['list-users']);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/the server must be stopped first/);
      } finally {
        await server.close();
      }
      const listed = await runAdminCli(env, ['list-users']);
      expect(listed).toMatchObject({ code: 0 });
      expect(listed.stdout).toMatch(/^1\tadmin\troot\t/);
    },
    CLI_TEST_MS,
  );
});
