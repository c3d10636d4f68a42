import { ChatProcess } from '../lib/chat-process.js';
import { Crowd } from '../lib/crowd.js';
import { sharedPostgresDatabase } from '../lib/databases.js';
import { check, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, sleep, waitUntil } from '../lib/scenario-run.js';

/** SHUTDOWN_TIMEOUT_MS's default: past it the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;
const EXIT_SLACK_MS = 1_000;

/**
 * A deploy's stop in the middle of traffic: SIGTERM with hundreds of clients connected and senders
 * posting. The process must exit within the shutdown deadline with nothing acknowledged lost; once it
 * is started again every client must resume.
 */
export async function sigtermScenario(scale: Scale): Promise<ScenarioReport> {
  const run = await beginScenario('sigterm', scale, sharedPostgresDatabase);
  const server = await ChatProcess.start('chat', { ...run.db.env, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_DEADLINE_MS) }, run.logDir);
  let crowd: Crowd | undefined;
  try {
    const { clients, senders } = scale.sigterm;
    crowd = await Crowd.gather({ senders, readers: clients - senders, url: () => server.wsUrl, readersReconnect: true, perSecond: 5 });
    crowd.start();
    await sleep(3_000);
    const exit = await server.terminate(SHUTDOWN_DEADLINE_MS + 10_000);
    if (!exit) await server.kill9();
    const restartMs = await server.restart();
    const everyone = crowd.clients;
    const resumedMs = await waitUntil(() => everyone.every((client) => client.isConnected), 60_000);
    const connected = crowd.clients.filter((client) => client.isConnected).length;
    await sleep(1_000);
    return await conclude(run, {
      title: `SIGTERM with ${clients} clients connected mid-traffic, then restart`,
      crowd,
      servers: [server],
      metrics: {
        'exit ms': exit?.ms ?? 'still running',
        'exit code': String(exit?.code ?? 'n/a'),
        'restart ms': restartMs,
        'all resumed ms': resumedMs ?? 'timed out',
      },
      checks: [
        check(
          `exits within the ${SHUTDOWN_DEADLINE_MS / 1000} s deadline`,
          exit !== undefined && exit.ms <= SHUTDOWN_DEADLINE_MS + EXIT_SLACK_MS,
          exit ? `${exit.ms} ms` : 'did not exit',
        ),
        check('exits with status 0', exit?.code === 0, `code ${exit?.code}`),
        check('every client resumes after the restart', connected === clients, `${connected}/${clients}`),
      ],
    });
  } finally {
    crowd?.stop();
    await server.stop();
    await run.db.dispose();
  }
}
