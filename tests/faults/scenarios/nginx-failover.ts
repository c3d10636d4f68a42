import { TEST_REDIS_URL } from '../../helpers/stores.js';
import { Cluster } from '../lib/cluster.js';
import { Crowd, createRooms } from '../lib/crowd.js';
import { sharedPostgresDatabase } from '../lib/databases.js';
import { startNginx } from '../lib/nginx.js';
import { check, percentile, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, jitter, sleep } from '../lib/scenario-run.js';

const FAILOVER_P95_MS = 5_000;
const ROOMS = 3;

/**
 * Three processes started by `npm run cluster -- 3` behind real nginx with the repo's configuration;
 * clients in three rooms connect only through nginx. One process at a time is killed with -9 under
 * traffic (the cluster starts it again): its clients must reconnect through nginx to another process
 * and resume, with nothing lost or repeated, within 5 s (p95).
 */
export async function nginxFailover(scale: Scale): Promise<ScenarioReport> {
  const run = await beginScenario('nginx-failover', scale, sharedPostgresDatabase);
  const cluster = await Cluster.start(3, { ...run.db.env, REDIS_URL: TEST_REDIS_URL }, run.logDir);
  const nginx = await startNginx(run.logDir, cluster.ports).catch(async (error: unknown) => {
    await cluster.stop();
    throw error;
  });
  let crowd: Crowd | undefined;
  try {
    const { clientsPerRoom, sendersPerRoom, kills } = scale.nginx;
    const rooms = await createRooms(nginx.wsUrl, ROOMS);
    const readersPerRoom = clientsPerRoom - sendersPerRoom;
    crowd = await Crowd.gather({
      senders: sendersPerRoom * ROOMS,
      readers: readersPerRoom * ROOMS,
      url: () => nginx.wsUrl,
      readersReconnect: true,
      room: (index, role) => rooms[Math.floor(index / (role === 'sender' ? sendersPerRoom : readersPerRoom))] ?? 1,
      perSecond: 10,
    });
    crowd.start();
    for (let kill = 0; kill < kills; kill++) {
      await jitter(1_500, 3_000);
      const index = kill % cluster.size;
      const dead = cluster.kill9(index);
      await cluster.waitListening(index, 60_000, dead);
    }
    await sleep(2_000);
    const failovers = crowd.failovers();
    const p95 = percentile(failovers, 95);
    return await conclude(run, {
      title: `3 processes behind nginx, kill -9 one ×${kills}, ${clientsPerRoom * ROOMS} clients in ${ROOMS} rooms`,
      crowd,
      servers: [nginx, cluster],
      metrics: { kills, failovers: failovers.length, 'failover p50 ms': percentile(failovers, 50), 'failover p95 ms': p95 },
      checks: [
        check('clients of a killed process reconnect through nginx', failovers.length > 0, `${failovers.length} failovers`),
        check('failover p95 under 5 s', p95 < FAILOVER_P95_MS, `p95 ${p95} ms`),
      ],
    });
  } finally {
    crowd?.stop();
    await nginx.stop();
    await cluster.stop();
    await run.db.dispose();
  }
}
