import type { BenchConfig } from '../lib/config.js';
import { endProgress, log } from '../lib/log.js';
import { commandCpuSince, commandTicks } from '../lib/proc.js';
import { round } from '../lib/stats.js';
import { TARGETS } from '../lib/targets.js';
import { TargetSession } from './session.js';
import { describeStep, runStep, type StepResult } from './step.js';
import { searchSustainedRate } from './throughput.js';

export const SCALING_NEEDS_POSTGRES = 'scaling: needs PostgreSQL (DATABASE_URL)';

export interface ScalingRow {
  processes: number;
  /** Highest rate at which every subscriber got every message with p99 < 100 ms. */
  sustainedRate: number | null;
  /** The same rate for every row (half what one process sustains), for latency and cost. */
  compare: StepResult | null;
  /** Redis CPU per message published during the comparison step (µs), null with one process (no Redis). */
  busCpuPerMessageUs: number | null;
}

export interface ScalingResult {
  subscribers: number;
  compareRate: number | null;
  rows: ScalingRow[];
}

/**
 * What a second and third process buy: one room of `subscribers` spread
 * round robin over N processes on one PostgreSQL and Redis, the senders
 * spread too, so most deliveries cross the bus. One process (in-process bus)
 * is the baseline measured in the same run.
 */
export async function scalingPhase(config: BenchConfig, runId: string): Promise<ScalingResult> {
  if (!process.env.DATABASE_URL) throw new Error(SCALING_NEEDS_POSTGRES);
  const result: ScalingResult = { subscribers: config.subscribers, compareRate: null, rows: [] };
  for (const processes of config.scalingProcesses) {
    log(`[scaling] ${processes} process${processes > 1 ? 'es' : ''}: ${config.subscribers} subscribers in one room`);
    const session = await TargetSession.open(TARGETS.ours, config, `scaling-${processes}`, runId, config.workers, processes);
    try {
      await session.connect(config.senders, 'sender', config.senders, 'senders');
      await session.connect(config.subscribers - config.senders, 'receiver', 32, 'subscribers');
      endProgress();
      const search = await searchSustainedRate(session, config);
      result.compareRate ??= Math.max(config.baseRate, Math.round((search.good ?? config.baseRate * 2) / 2));
      const redis0 = commandTicks('redis-server');
      const compare = await runStep(session, result.compareRate, { label: 'comparison', durationMs: config.stepSeconds * 1000 });
      const redisCpu = commandCpuSince('redis-server', redis0);
      endProgress();
      log(`[scaling] ${processes}: ${describeStep(compare)}`);
      result.rows.push({
        processes,
        sustainedRate: search.good,
        compare,
        busCpuPerMessageUs: processes > 1 && compare.sent > 0 ? round((redisCpu * 1e6) / compare.sent, 1) : null,
      });
    } finally {
      await session.close();
    }
  }
  return result;
}

export function scalingMarkdown(scaling: ScalingResult): string[] {
  const rows = scaling.rows.map((row) => {
    const c = row.compare;
    return (
      `| ${row.processes} | ${row.sustainedRate ?? 'none'} | ${c ? `${c.e2e.p50} / ${c.e2e.p99}` : 'n/a'} | ` +
      `${c?.cpuPerDeliveryUs ?? 'n/a'} | ${row.busCpuPerMessageUs ?? '–'} | ${c?.dbCpuPct ?? 'n/a'} |`
    );
  });
  return [
    '',
    '## Scaling across processes',
    '',
    `One room of ${scaling.subscribers} subscribers spread round robin over the processes (senders too), one PostgreSQL, ` +
      `Redis pub/sub between processes (one process: the in-process bus). Latency and cost at ${scaling.compareRate} msg/s in every row.`,
    '',
    '| processes | sustained msg/s | e2e p50 / p99 ms | server CPU µs per delivery (all processes) | Redis CPU µs per message | PostgreSQL CPU % |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
}
