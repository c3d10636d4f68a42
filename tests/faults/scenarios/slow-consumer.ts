import { execFile } from 'node:child_process';
import type { Socket } from 'node:net';
import { promisify } from 'node:util';
import { TestClient } from '../../helpers/client.js';
import { ChatProcess } from '../lib/chat-process.js';
import { Crowd } from '../lib/crowd.js';
import { sharedPostgresDatabase } from '../lib/databases.js';
import { check, percentile, type ScenarioReport } from '../lib/report.js';
import type { Scale } from '../lib/scale.js';
import { beginScenario, conclude, sleep } from '../lib/scenario-run.js';

const run = promisify(execFile);
const SEND_BUFFER_LIMIT = 256 * 1024;
/** Beyond its baseline the server may grow by the slow client's bounded buffer and ordinary churn, not by the backlog. */
const RSS_GROWTH_LIMIT_MIB = 64;

/** The server's side of one TCP connection, from `ss`: ESTAB while the process still holds it. */
async function serverSideState(serverPort: number, clientPort: number): Promise<string> {
  const { stdout } = await run('ss', ['-Htan', `( sport = :${serverPort} and dport = :${clientPort} )`]);
  return stdout.trim().split(/\s+/)[0] ?? 'gone';
}

const mib = (kib: number) => Math.round(kib / 1024);

/**
 * Others chat at 200 msg/s (4 KB messages) while one client signs in and then never reads. Once the
 * kernel's socket buffers are full (about 4 MiB on loopback: 5–8 s at this rate) the server's own send
 * buffer grows, and it must drop the client as soon as that passes SEND_BUFFER_LIMIT_BYTES, with its
 * RSS bounded meanwhile; the other readers' latency must not suffer (p95 with the slow client
 * against p95 before it).
 */
export async function slowConsumer(scale: Scale): Promise<ScenarioReport> {
  const run = await beginScenario('slow-consumer', scale, sharedPostgresDatabase);
  const server = await ChatProcess.start('chat', { ...run.db.env, SEND_BUFFER_LIMIT_BYTES: String(SEND_BUFFER_LIMIT) }, run.logDir);
  let crowd: Crowd | undefined;
  let slow: TestClient | undefined;
  try {
    const { baselineMs, slowMs } = scale.slowConsumer;
    crowd = await Crowd.gather({
      senders: 5,
      readers: 3,
      url: () => server.wsUrl,
      readersReconnect: true,
      perSecond: 40,
      window: 8,
      padTo: 3_900,
    });
    crowd.start();
    await sleep(baselineMs);
    const readers = crowd.readers;
    const baseline = readers.flatMap((reader) => reader.log.latencies.splice(0));
    const rssBefore = server.rssKiB();
    slow = await (await TestClient.connect(server.wsUrl)).signup();
    const tcp = (slow.socket as unknown as { _socket: Socket })._socket;
    tcp.pause();
    const stoppedReadingAt = performance.now();
    let droppedAfterMs: number | undefined;
    let rssMax = rssBefore;
    while (performance.now() - stoppedReadingAt < slowMs) {
      rssMax = Math.max(rssMax, server.rssKiB());
      const state = await serverSideState(server.port, tcp.localPort ?? 0);
      if (droppedAfterMs === undefined && state !== 'ESTAB') droppedAfterMs = Math.round(performance.now() - stoppedReadingAt);
      await sleep(250);
    }
    const during = readers.flatMap((reader) => reader.log.latencies.splice(0));
    for (const reader of readers) reader.log.stopMeasuring();
    const [base95, slow95] = [percentile(baseline, 95), percentile(during, 95)];
    const growth = mib(rssMax - rssBefore);
    return await conclude(run, {
      title: 'slow consumer: one client never reads while others chat at 200 msg/s',
      crowd,
      servers: [server],
      metrics: {
        'dropped after ms': droppedAfterMs ?? 'not dropped',
        'RSS before / max MiB': `${mib(rssBefore)} / ${mib(rssMax)}`,
        'others p95 ms before / during': `${base95} / ${slow95}`,
        'p95 ratio': base95 > 0 ? Math.round((slow95 / base95) * 100) / 100 : 'n/a',
      },
      checks: [
        check(`dropped within ${slowMs / 1000} s of no longer reading`, droppedAfterMs !== undefined, droppedAfterMs ?? 'still held'),
        check(`server RSS grows by under ${RSS_GROWTH_LIMIT_MIB} MiB`, growth < RSS_GROWTH_LIMIT_MIB, `${growth} MiB`),
        // A ratio of two small numbers is noise on a shared machine: 25 ms of absolute slack.
        check(
          'others latency unaffected (p95 at most 2× or +25 ms)',
          slow95 <= Math.max(2 * base95, base95 + 25),
          `${base95} → ${slow95} ms`,
        ),
      ],
    });
  } finally {
    slow?.socket.terminate();
    crowd?.stop();
    await server.stop();
    await run.db.dispose();
  }
}
