import { TEST_REDIS_URL } from '../../helpers/stores.js';
import { ChatProcess } from '../lib/chat-process.js';
import { Crowd } from '../lib/crowd.js';
import { sharedPostgresDatabase } from '../lib/databases.js';
import type { ScenarioReport } from '../lib/report.js';
import type { ResumingClient } from '../lib/resuming-client.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, jitter } from '../lib/scenario-run.js';

/** Drops the client's connection every 2–10 s until `until`; each time it resumes on a random process. */
async function churn(client: ResumingClient, until: number): Promise<number> {
  let drops = 0;
  while (performance.now() < until) {
    await jitter(2_000, 10_000);
    if (performance.now() >= until) break;
    if (!client.isConnected) continue;
    client.dropConnection();
    drops++;
  }
  return drops;
}

/**
 * Senders and readers on two processes that disconnect at random every 2–10 s and come back through
 * `resume` on either process, for two minutes (FAULTS_SOAK_MINUTES for longer): every reader's final
 * log must equal the database.
 */
export async function churnScenario(scale: Scale): Promise<ScenarioReport> {
  const run = await beginScenario('churn', scale, sharedPostgresDatabase);
  const env = { ...run.db.env, REDIS_URL: TEST_REDIS_URL };
  const servers = [await ChatProcess.start('chat-a', env, run.logDir), await ChatProcess.start('chat-b', env, run.logDir)];
  const anyServer = () => servers[Math.floor(Math.random() * servers.length)]?.wsUrl ?? '';
  let crowd: Crowd | undefined;
  try {
    const { durationMs, senders, readers } = scale.churn;
    crowd = await Crowd.gather({ senders, readers, url: anyServer, readersReconnect: true, perSecond: 10 });
    crowd.start();
    const until = performance.now() + durationMs;
    const drops = await Promise.all(crowd.clients.map((client) => churn(client, until)));
    return await conclude(run, {
      title: `churn: ${senders} senders, ${readers} readers reconnecting every 2–10 s for ${Math.round(durationMs / 1000)} s, 2 processes`,
      crowd,
      servers,
      metrics: { disconnects: drops.reduce((sum, n) => sum + n, 0) },
    });
  } finally {
    crowd?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await run.db.dispose();
  }
}
