import { type DeliverySpread, deliverySpread } from '../lib/delivery-spread.js';
import { progress } from '../lib/log.js';
import type { ProbeSummary } from '../lib/probe.js';
import { commandCpuSince, commandTicks, machineCpuSeconds, sleep } from '../lib/proc.js';
import { type ServerPhases, scrape, serverPhases } from '../lib/server-metrics.js';
import { Histogram, type LatencySummary, nowMicros, round } from '../lib/stats.js';
import type { EndReport, PollReport } from '../loadgen/ipc.js';
import type { SendReport } from '../loadgen/senders.js';
import type { TargetSession } from './session.js';

export interface StepResult {
  label: string;
  targetRate: number;
  /** Messages per second actually sent. */
  rate: number;
  seconds: number;
  receivers: number;
  sent: number;
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  stray: number;
  deliveredPct: number;
  deliveriesPerSecond: number;
  /** Messages per `send` frame a receiver got: how well the server coalesced (1 = a frame per message). */
  deliveriesPerFrame: number | null;
  acks: number;
  acksPerSecond: number;
  errors: Record<string, number>;
  ackLatency: LatencySummary;
  e2e: LatencySummary;
  /** Each message's first and last delivery: what the server spent on it, and the spread over receivers. */
  spread: DeliverySpread | null;
  probe: ProbeSummary;
  serverCpuSeconds: number;
  serverCpuPct: number;
  cpuPerDeliveryUs: number | null;
  dbCpuPct: number | null;
  generatorCpuPct: number;
  machineBusyPct: number;
  /** CPU used by processes that are not part of the bench (other work on the machine), in % of one core. */
  otherCpuPct: number;
  /** How long the step waited for outside load to calm down before starting. */
  quietWaitSeconds: number;
  serverRssMiB: number;
  /** Ours only: event-loop delay, group commits and fan-out flushes inside the (first) server process. */
  serverPhases: ServerPhases | null;
  closedConnections: number;
  generatorLimited: boolean;
  keepsUp: boolean;
}

export interface StepOptions {
  label: string;
  durationMs: number;
  /** Runs alongside the sending (e.g. a sign-in burst); the step waits for it. */
  during?: () => Promise<void>;
  drainMs?: number;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const pollAll = (session: TargetSession) => Promise.all(session.workers.map((worker) => worker.poll()));

/** Sends at `rate` msg/s for the duration, waits for the deliveries to drain, and measures everything of that window. */
export async function runStep(session: TargetSession, rate: number, options: StepOptions): Promise<StepResult> {
  // --quick checks the harness, not speed: it must not wait for the machine.
  const quietWaitSeconds = session.config.quick ? 0 : await waitForQuiet(session);
  const step = session.newStep();
  const { server, workers, sender, target } = session;
  const usesPostgres = target.id === 'ours' && !!process.env.DATABASE_URL;
  await Promise.all(
    workers.map((worker) => worker.request({ cmd: 'begin', step, senders: session.senders, senderRooms: session.senderRooms })),
  );
  const t0 = nowMicros();
  const cpu0 = server.cpuSeconds();
  const db0 = commandTicks('postgres');
  const gen0 = sum(workers.map((worker) => worker.cpuSeconds()));
  const self0 = process.cpuUsage();
  const machine0 = machineCpuSeconds();
  // The first scrape also resets the server's event-loop delay histogram, so the second reads this step's.
  const metricsPort = target.id === 'ours' ? server.members[0]?.spec.port : undefined;
  const metricsUrl = metricsPort === undefined ? undefined : `http://127.0.0.1:${metricsPort}`;
  const metrics0 = metricsUrl === undefined ? null : await scrape(metricsUrl);

  const sending = sender.request<SendReport>({ cmd: 'send', step, rate, durationMs: options.durationMs });
  const during = options.during?.() ?? Promise.resolve();
  let sendReport: SendReport | undefined;
  void sending.then((report) => {
    sendReport = report;
  });
  while (!sendReport) {
    await Promise.race([sending, sleep(1000)]);
    const polls = await pollAll(session);
    const elapsed = (nowMicros() - t0) / 1e6;
    progress(`  [${target.id}] ${options.label} ${rate} msg/s: ${elapsed.toFixed(0)} s, ${sum(polls.map((p) => p.delivered))} deliveries`);
  }
  await during;
  const sent = sum(sendReport.sent);
  const expected = session.expectedDeliveries(sendReport.sent);
  // Drain: until everything arrived, or nothing arrived for 500 ms, or the drain time is up.
  const drainUntil = nowMicros() + (options.drainMs ?? 5000) * 1000;
  let polls: PollReport[] = await pollAll(session);
  while (nowMicros() < drainUntil && sum(polls.map((p) => p.delivered)) < expected && Math.min(...polls.map((p) => p.idleMs)) < 500) {
    await sleep(100);
    polls = await pollAll(session);
  }
  await sleep(200); // late acks
  const t1 = nowMicros();
  const seconds = (t1 - t0) / 1e6;
  const serverCpu = server.cpuSeconds() - cpu0;
  const dbCpu = usesPostgres ? commandCpuSince('postgres', db0) : null;
  const genCpu = sum(workers.map((worker) => worker.cpuSeconds())) - gen0;
  const machine1 = machineCpuSeconds();
  const self = process.cpuUsage(self0);
  // Everything the bench itself used; PostgreSQL backends count as ours only when our server uses PostgreSQL.
  const own = serverCpu + genCpu + (dbCpu ?? 0) + (self.user + self.system) / 1e6;
  const probe = session.probe.window(t0, t1);
  const metrics1 = metricsUrl === undefined || !metrics0 ? null : await scrape(metricsUrl);
  server.assertAlive();
  const ends: EndReport[] = await Promise.all(workers.map((worker) => worker.end(sendReport?.sent ?? [])));

  const e2e = new Histogram();
  for (const end of ends) e2e.merge(end.delivery.latency);
  const send = ends.find((end) => end.send)?.send ?? sendReport;
  const delivered = sum(ends.map((end) => end.delivery.delivered));
  const missing = sum(ends.map((end) => end.delivery.missing));
  const frames = sum(ends.map((end) => end.delivery.frames));
  const sendSeconds = Math.max(sendReport.seconds, 1e-3);
  const achieved = sent / (options.durationMs / 1000);
  const e2eSummary = e2e.summary();
  const generatorLimited = achieved < rate * 0.95;
  const deliveredPct = expected === 0 ? 0 : (100 * delivered) / expected;
  const elapsedCpu = machine1.total - machine0.total;
  return {
    label: options.label,
    targetRate: rate,
    rate: round(achieved, 1),
    seconds: round(seconds),
    receivers: session.tracked,
    sent,
    expected,
    delivered,
    missing,
    duplicates: sum(ends.map((end) => end.delivery.duplicates)),
    stray: sum(ends.map((end) => end.delivery.stray)),
    deliveredPct: round(deliveredPct, 3),
    deliveriesPerSecond: Math.round(delivered / sendSeconds),
    deliveriesPerFrame: frames === 0 ? null : round(delivered / frames, 2),
    acks: send.acks,
    acksPerSecond: round(send.acks / sendSeconds, 1),
    errors: send.errors,
    ackLatency: Histogram.from(send.ackLatency).summary(),
    e2e: e2eSummary,
    spread: deliverySpread(ends.map((end) => end.delivery)),
    probe,
    serverCpuSeconds: round(serverCpu),
    serverCpuPct: round((100 * serverCpu) / seconds, 1),
    cpuPerDeliveryUs: delivered === 0 ? null : round((serverCpu * 1e6) / delivered, 2),
    dbCpuPct: dbCpu === null ? null : round((100 * dbCpu) / seconds, 1),
    generatorCpuPct: round((100 * genCpu) / seconds, 1),
    machineBusyPct: round(elapsedCpu === 0 ? 0 : (100 * (machine1.busy - machine0.busy)) / elapsedCpu, 1),
    otherCpuPct: round(Math.max(0, (100 * (machine1.busy - machine0.busy - own)) / seconds), 1),
    quietWaitSeconds,
    serverRssMiB: round(server.rssKiB() / 1024, 1),
    serverPhases: metrics0 && metrics1 ? serverPhases(metrics0, metrics1) : null,
    closedConnections: Math.max(...ends.map((end) => end.closed)),
    generatorLimited,
    keepsUp: !generatorLimited && expected > 0 && deliveredPct >= 99.9 && e2eSummary.p99 < 100,
  };
}

/**
 * The machine is shared: before a step, wait (at most 20 s) until processes
 * outside the bench use less than 25 % of a core over one second, so that
 * steps of different targets see similar conditions. Returns the wait.
 */
async function waitForQuiet(session: TargetSession, maxMs = 20_000): Promise<number> {
  const started = performance.now();
  const ownCpu = () => session.server.cpuSeconds() + sum(session.workers.map((worker) => worker.cpuSeconds()));
  while (performance.now() - started < maxMs) {
    const machine0 = machineCpuSeconds();
    const own0 = ownCpu();
    const db0 = commandTicks('postgres');
    await sleep(1000);
    const own = ownCpu() - own0 + commandCpuSince('postgres', db0);
    if (machineCpuSeconds().busy - machine0.busy - own < 0.25) break;
  }
  return round((performance.now() - started) / 1000, 1);
}

/** After an overloaded step: wait until the backlog has drained (nothing arrives for a second), at most `maxMs`. */
export async function settle(session: TargetSession, maxMs = 20_000): Promise<void> {
  const until = performance.now() + maxMs;
  while (performance.now() < until) {
    const polls = await pollAll(session);
    if (Math.min(...polls.map((p) => p.idleMs)) > 1000) return;
    await sleep(250);
  }
}

export function describeStep(result: StepResult): string {
  const verdict = result.keepsUp ? 'keeps up' : result.generatorLimited ? 'GENERATOR-LIMITED' : 'falls behind';
  return (
    `${result.label} ${result.rate} msg/s → ${result.deliveriesPerSecond} deliveries/s, ${result.deliveredPct}% delivered, ` +
    `e2e p50/p99 ${result.e2e.p50}/${result.e2e.p99} ms, ack p99 ${result.ackLatency.p99} ms, loop(ping) p99 ${result.probe.p99} ms, ` +
    `server ${result.serverCpuPct}% CPU (${result.cpuPerDeliveryUs} µs/delivery), generators ${result.generatorCpuPct}%` +
    `${describePhases(result.serverPhases)}: ${verdict}`
  );
}

function describePhases(phases: ServerPhases | null): string {
  if (!phases) return '';
  return (
    `; inside: loop delay p99 ${phases.loopDelay.p99} ms, commit mean ${phases.commitMeanMs} ms ` +
    `(${phases.batchMean} msg/batch), flush mean ${phases.flushMeanMs} ms`
  );
}
