import { startPrivateRedis } from '../../helpers/private-services.js';
import { ChatProcess } from '../lib/chat-process.js';
import { Crowd } from '../lib/crowd.js';
import { sharedPostgresDatabase } from '../lib/databases.js';
import { check, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, sleep } from '../lib/scenario-run.js';
import { Watchdog } from '../lib/watchdog.js';

/**
 * Redis (private, on its own port) is killed under traffic between two server processes and started
 * again after a while. Readers on both processes keep their one connection and never resume: the
 * servers themselves must fill what the bus lost, so each reader ends with every stored message in
 * seq order.
 */
export async function redisOutage(scale: Scale): Promise<ScenarioReport> {
  const redis = await startPrivateRedis();
  const run = await beginScenario('redis-outage', scale, sharedPostgresDatabase);
  const env = { ...run.db.env, REDIS_URL: redis.url };
  const servers = [await ChatProcess.start('chat-a', env, run.logDir), await ChatProcess.start('chat-b', env, run.logDir)];
  const watchdog = new Watchdog(servers);
  const url = (index: number) => servers[index % servers.length]?.wsUrl ?? '';
  let crowd: Crowd | undefined;
  try {
    crowd = await Crowd.gather({ senders: 4, readers: 6, url, readersReconnect: false, perSecond: 10 });
    crowd.start();
    await sleep(2_000);
    await redis.kill();
    await sleep(scale.redisOutage.outageMs);
    await redis.start();
    await sleep(3_000);
    await watchdog.stop();
    const dropped = crowd.readers.filter((reader) => reader.unexpectedCloses > 0).length;
    return await conclude(run, {
      title: `Redis killed ${scale.redisOutage.outageMs / 1000} s, 2 processes, readers never reconnect`,
      crowd,
      servers,
      settleTimeoutMs: 15_000,
      metrics: { 'process exits': watchdog.exits, 'readers disconnected': dropped },
      checks: [
        check('the server processes never exit', watchdog.exits === 0, `${watchdog.exits} exits`),
        check('readers keep their connection', dropped === 0, `${dropped} of ${crowd.readers.length} dropped`),
      ],
    });
  } finally {
    await watchdog.stop();
    crowd?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await redis.kill();
    await run.db.dispose();
  }
}
