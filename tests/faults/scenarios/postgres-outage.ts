import pg from 'pg';
import { type PrivatePostgres, startPrivatePostgres } from '../../helpers/private-services.js';
import { ChatProcess } from '../lib/chat-process.js';
import { Crowd } from '../lib/crowd.js';
import { privatePostgresDatabase } from '../lib/databases.js';
import { check, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, sleep, waitUntil } from '../lib/scenario-run.js';
import { Watchdog } from '../lib/watchdog.js';

/** DB_TIMEOUT_MS's default: a `message` must be answered within it while the database is gone. */
const ANSWER_WITHIN_MS = 5_000;
/** Slack for a loaded 2-core machine between the server's timer and the client's clock. */
const CLOCK_SLACK_MS = 1_000;
const RECOVER_WITHIN_MS = 10_000;

const acks = (crowd: Crowd) => crowd.senders.reduce((sum, sender) => sum + (sender.answers.get('ack') ?? 0), 0);

/** Milliseconds until some sender is acknowledged again, or undefined after `limitMs`. */
function timeToNextAck(crowd: Crowd, limitMs: number): Promise<number | undefined> {
  const before = acks(crowd);
  return waitUntil(() => acks(crowd) > before, limitMs);
}

async function terminateConnections(cluster: PrivatePostgres): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `select count(pg_terminate_backend(pid)) as n from pg_stat_activity
        where pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * The database goes away under traffic, on a private PostgreSQL cluster: `stop` stops it (`pg_ctl stop
 * -m immediate`, a crash) for a while, `terminate` kills every connection of the chat server
 * (`pg_terminate_backend`, as a failover or a proxy's idle timeout does). The server must stay up,
 * answer every `message` within 5 s (a retryable error, never a false ack) and recover by itself.
 */
export async function postgresOutage(kind: 'stop' | 'terminate', scale: Scale): Promise<ScenarioReport> {
  const cluster = await startPrivatePostgres();
  const run = await beginScenario(`postgres-${kind}`, scale, async () => privatePostgresDatabase(cluster));
  const server = await ChatProcess.start('chat', run.db.env, run.logDir);
  const watchdog = new Watchdog([server]);
  let crowd: Crowd | undefined;
  try {
    crowd = await Crowd.gather({ senders: 3, readers: 2, url: () => server.wsUrl, readersReconnect: true, perSecond: 10 });
    crowd.start();
    await sleep(2_000);
    const recoveries: Array<number | undefined> = [];
    let killed = 0;
    if (kind === 'stop') {
      await cluster.stop('immediate');
      await sleep(scale.postgresOutage.outageMs);
      await cluster.start();
      recoveries.push(await timeToNextAck(crowd, 30_000));
    } else {
      for (let i = 0; i < scale.postgresOutage.terminations; i++) {
        killed += await terminateConnections(cluster);
        recoveries.push(await timeToNextAck(crowd, 30_000));
        await sleep(1_500);
      }
    }
    await sleep(1_000);
    await watchdog.stop();
    const longestWait = Math.max(...crowd.senders.map((sender) => sender.longestWaitMs()));
    const unrecovered = recoveries.filter((ms) => ms === undefined || ms > RECOVER_WITHIN_MS).length;
    const recoveryMax = Math.max(...recoveries.map((ms) => ms ?? Number.POSITIVE_INFINITY));
    const errors = crowd.senders.reduce((sum, s) => sum + [...s.answers].filter(([k]) => k !== 'ack').reduce((n, [, v]) => n + v, 0), 0);
    const title =
      kind === 'stop'
        ? `PostgreSQL stopped (immediate) ${scale.postgresOutage.outageMs / 1000} s`
        : `PostgreSQL connections terminated ×${scale.postgresOutage.terminations}`;
    return await conclude(run, {
      title,
      crowd,
      servers: [server],
      metrics: {
        'process exits': watchdog.exits,
        'longest answer ms': longestWait,
        'error answers': errors,
        'recovery ms': recoveryMax,
        ...(kind === 'terminate' ? { 'connections terminated': killed } : {}),
      },
      checks: [
        check('the server process never exits', watchdog.exits === 0, `${watchdog.exits} exits`),
        check('every message answered within 5 s', longestWait <= ANSWER_WITHIN_MS + CLOCK_SLACK_MS, `longest ${longestWait} ms`),
        check('acks resume within 10 s of the database returning', unrecovered === 0, `slowest ${recoveryMax} ms`),
      ],
    });
  } finally {
    await watchdog.stop();
    crowd?.stop();
    await server.stop();
    await cluster.dispose();
  }
}
