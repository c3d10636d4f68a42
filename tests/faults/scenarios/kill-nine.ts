import { ChatProcess } from '../lib/chat-process.js';
import { Crowd } from '../lib/crowd.js';
import { pgliteDatabase, sharedPostgresDatabase } from '../lib/databases.js';
import { check, percentile, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, jitter, sleep } from '../lib/scenario-run.js';

/**
 * kill -9 the only server process again and again while 5 clients post with client_ids and readers
 * read; each time it is started again on the same data. Every acknowledged message must be there
 * exactly once, and PGlite's directory must reopen after every crash.
 */
export async function killNine(store: 'postgres' | 'pglite', scale: Scale): Promise<ScenarioReport> {
  const kills = store === 'postgres' ? scale.killNine.postgresKills : scale.killNine.pgliteKills;
  const run = await beginScenario(`kill9-${store}`, scale, store === 'postgres' ? sharedPostgresDatabase : pgliteDatabase);
  const server = await ChatProcess.start('chat', run.db.env, run.logDir);
  let crowd: Crowd | undefined;
  try {
    crowd = await Crowd.gather({
      senders: scale.killNine.senders,
      readers: scale.killNine.readers,
      url: () => server.wsUrl,
      readersReconnect: true,
      perSecond: 20,
    });
    crowd.start();
    const restartMs: number[] = [];
    let reopenError = '';
    for (let kill = 0; kill < kills && !reopenError; kill++) {
      await jitter(700, 2_000);
      await server.kill9();
      await server.restart().then(
        (ms) => restartMs.push(ms),
        (error: unknown) => {
          reopenError = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        },
      );
    }
    await sleep(1_000);
    return await conclude(run, {
      title: `kill -9 ×${kills} during acked sends`,
      crowd,
      servers: [server],
      settleTimeoutMs: reopenError ? 3_000 : 30_000,
      metrics: { kills, 'restart p95 ms': percentile(restartMs, 95) },
      checks: [
        check('the server starts again on the same data after every crash', restartMs.length === kills, reopenError || `${kills}/${kills}`),
      ],
    });
  } finally {
    crowd?.stop();
    await server.stop();
    await run.db.dispose();
  }
}
