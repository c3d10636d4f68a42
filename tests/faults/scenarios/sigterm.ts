import { ChatProcess, scenarioDir } from '../lib/chat-process.js';
import { conclude, sleep } from '../lib/conclude.js';
import { Crowd } from '../lib/crowd.js';
import { sharedPostgresDatabase } from '../lib/databases.js';
import { check, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';

/** SHUTDOWN_TIMEOUT_MS's default: past it the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;
const EXIT_SLACK_MS = 1_000;

async function allConnected(crowd: Crowd, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (crowd.clients.every((client) => client.isConnected)) return Math.round(performance.now() - started);
    await sleep(100);
  }
  return undefined;
}

/**
 * A deploy's stop in the middle of traffic: SIGTERM with hundreds of clients connected and senders
 * posting. The process must exit within the shutdown deadline with nothing acknowledged lost; once it
 * is started again every client must resume.
 */
export async function sigtermScenario(scale: Scale): Promise<ScenarioReport> {
  const startedAt = performance.now();
  const id = 'sigterm';
  const logDir = scenarioDir(id);
  const db = await sharedPostgresDatabase();
  const server = await ChatProcess.start('chat', { ...db.env, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_DEADLINE_MS) }, logDir);
  let crowd: Crowd | undefined;
  try {
    const { clients, senders } = scale.sigterm;
    crowd = await Crowd.gather({ senders, readers: clients - senders, url: () => server.wsUrl, readersReconnect: true, perSecond: 5 });
    crowd.start();
    await sleep(3_000);
    const exit = await server.terminate(SHUTDOWN_DEADLINE_MS + 10_000);
    if (!exit) await server.kill9();
    const restartMs = await server.restart();
    const resumedMs = await allConnected(crowd, 60_000);
    const connected = crowd.clients.filter((client) => client.isConnected).length;
    await sleep(1_000);
    return await conclude({
      id,
      title: `SIGTERM with ${clients} clients connected mid-traffic, then restart`,
      scale: scale.name,
      db,
      crowd,
      servers: [server],
      logDir,
      startedAt,
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
    await db.dispose();
  }
}
