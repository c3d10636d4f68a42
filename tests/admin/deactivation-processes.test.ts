import { describe, expect, it } from 'vitest';
import { signUpFirstAdmin, TestClient } from '../helpers/client.js';
import { redisAvailable } from '../helpers/redis.js';
import type { TestServer } from '../helpers/server.js';
import { availableStores, TEST_REDIS_URL } from '../helpers/stores.js';
import { useProcesses } from '../helpers/suite.js';

const runs = (await availableStores()).includes('postgres') && (await redisAvailable());

describe.runIf(runs)('deactivation across two processes sharing PostgreSQL and Redis', () => {
  const processes = useProcesses(() => {
    const env = { REDIS_URL: TEST_REDIS_URL };
    return [env, env];
  });

  it("closes the user's sockets on both processes within a second; resume and sign-in fail on both", async () => {
    const [east, west] = processes() as [TestServer, TestServer];
    const admin = await signUpFirstAdmin(east.wsUrl);
    const password = 'correct horse battery';
    const user = await (await TestClient.connect(west.wsUrl)).signup(undefined, password);
    const onEast = await TestClient.connect(east.wsUrl);
    onEast.send('resume', { token: user.token });
    await onEast.next('authorize', (p) => p.allowed);
    const started = Date.now();
    await admin.expectReply('admin_user', { user_id: user.userId, action: 'deactivate' }, 'user_updated');
    const closes = await Promise.all([user.waitClosed(1_000), onEast.waitClosed(1_000)]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(closes.map((close) => close.code)).toEqual([4403, 4403]);
    for (const server of [east, west]) {
      const resume = await TestClient.connect(server.wsUrl);
      resume.send('resume', { token: user.token });
      expect((await resume.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'invalid_token' });
      const signin = await TestClient.connect(server.wsUrl);
      signin.send('signin', { nickname: user.nickname, password });
      expect((await signin.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'account_deactivated' });
    }
  });
});
