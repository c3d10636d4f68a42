import type { BenchConfig } from '../lib/config.js';
import { endProgress, log } from '../lib/log.js';
import { sleep } from '../lib/proc.js';
import { round } from '../lib/stats.js';
import type { Target } from '../lib/targets.js';
import { type ConnectSummary, TargetSession } from './session.js';
import { describeStep, runStep, type StepResult } from './step.js';

export interface ConnectionsResult {
  target: string;
  startupMs: number;
  /** RSS after a warm-up of 10 % of `idleConnections` signed-in connections, and with all of them. */
  rssBaseMiB: number;
  rssIdleMiB: number;
  idleConnections: number;
  rssPerIdleConnectionKiB: number | null;
  idleConnect: ConnectSummary | null;
  /** Server CPU per sign-in during the idle ramp (argon2 verification dominates ours). */
  cpuPerSigninMs: number | null;
  storm: {
    connections: number;
    connect: ConnectSummary;
    rssMiB: number;
    rssPerConnectionKiB: number;
    /** A few messages to every connection: e2e p99 target < 1 s. */
    broadcast: StepResult;
  } | null;
  shutdown: { graceful: boolean; ms: number } | null;
}

/** Several loopback source addresses, so 15 000 clients never run short of ephemeral ports. */
const SOURCES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];

async function settledRss(session: TargetSession): Promise<number> {
  await sleep(session.config.quick ? 500 : 2000);
  return session.server.rssKiB();
}

/** Idle signed-in connections: RSS per connection; for our server also the connect storm and a broadcast to all of them. */
export async function connectionsPhase(target: Target, config: BenchConfig, runId: string, storm: boolean): Promise<ConnectionsResult> {
  const total = storm ? Math.max(config.stormConnections, config.idleConnections) : config.idleConnections;
  const workers = Math.max(config.workers, Math.ceil(total / 7500));
  log(`[${target.id}] connections: starting ${target.label} (${total} connections over ${workers} generator processes)`);
  const session = await TargetSession.open(target, config, 'connections', runId, workers);
  const result: ConnectionsResult = {
    target: target.id,
    startupMs: session.server.startupMs,
    rssBaseMiB: 0,
    rssIdleMiB: 0,
    idleConnections: config.idleConnections,
    rssPerIdleConnectionKiB: null,
    idleConnect: null,
    cpuPerSigninMs: null,
    storm: null,
    shutdown: null,
  };
  try {
    await session.connect(1, 'sender', 1, 'sender');
    // The warm-up signs in as the ramp does (same concurrency), so allocator and argon2 arenas are already grown when the base RSS is read.
    const warm = Math.max(50, Math.round(config.idleConnections / 10));
    await session.connect(warm - 1, 'receiver', 64, 'warm-up', SOURCES);
    const base = await settledRss(session);
    result.rssBaseMiB = round(base / 1024, 1);
    const cpu0 = session.server.cpuSeconds();
    result.idleConnect = await session.connect(config.idleConnections - warm, 'receiver', 64, 'idle', SOURCES);
    const cpu = session.server.cpuSeconds() - cpu0;
    endProgress();
    const idle = await settledRss(session);
    const added = result.idleConnect.connected;
    result.rssIdleMiB = round(idle / 1024, 1);
    result.rssPerIdleConnectionKiB = added > 0 ? round((idle - base) / added, 2) : null;
    result.cpuPerSigninMs = added > 0 ? round((cpu * 1000) / added, 2) : null;
    log(
      `[${target.id}] ${session.tracked} idle signed-in connections: RSS ${result.rssBaseMiB} → ${result.rssIdleMiB} MiB, ` +
        `${result.rssPerIdleConnectionKiB} KiB per connection; ${result.idleConnect.perSecond} sign-ins/s, ${result.cpuPerSigninMs} ms server CPU each`,
    );
    if (storm && total > session.tracked) {
      const connect = await session.connect(total - session.tracked, 'receiver', 64, 'storm', SOURCES);
      endProgress();
      const rss = await settledRss(session);
      log(
        `[${target.id}] storm: ${session.tracked} signed in (${connect.perSecond}/s, sign-in p99 ${connect.latency.p99} ms, failures ${JSON.stringify(connect.failures)})`,
      );
      const broadcast = await runStep(session, 2, {
        label: `broadcast to ${session.tracked}`,
        durationMs: config.quick ? 2000 : 5000,
        drainMs: 10_000,
      });
      endProgress();
      log(`[${target.id}] ${describeStep(broadcast)}`);
      result.storm = {
        connections: session.tracked,
        connect,
        rssMiB: round(rss / 1024, 1),
        rssPerConnectionKiB: round((rss - base) / Math.max(1, session.tracked - warm), 2),
        broadcast,
      };
    }
  } finally {
    result.shutdown = await session.close();
  }
  return result;
}
