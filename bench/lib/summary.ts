import type { ConnectionsResult } from '../phases/connections.js';
import { catchUpCheck, type HistoryResult, historyCheck } from '../phases/history.js';
import { type RestartResult, restartCheck } from '../phases/restart.js';
import type { ScalingResult } from '../phases/scaling.js';
import { type SearchResult, searchChecks } from '../phases/search.js';
import type { StartupResult } from '../phases/startup.js';
import type { StepResult } from '../phases/step.js';
import type { ThroughputResult } from '../phases/throughput.js';
import type { BenchConfig, TargetId } from './config.js';
import { ratio } from './stats.js';

export interface BenchResults {
  meta: Record<string, unknown> & { config: BenchConfig };
  throughput: Partial<Record<TargetId, ThroughputResult>>;
  connections: Partial<Record<TargetId, ConnectionsResult>>;
  startup: StartupResult | null;
  history: HistoryResult | null;
  restart: RestartResult | null;
  scaling: ScalingResult | null;
  search: SearchResult | null;
  errors: string[];
}

export interface Check {
  goal: string;
  measured: string;
  pass: boolean | null;
}

/** The figure of one target for a metric; null when that target or phase did not run. */
export type Figures = Partial<Record<TargetId, number | null>>;

export interface Metric {
  name: string;
  unit: string;
  /** Whether a larger value is better (for reading the ratio). */
  higherIsBetter: boolean;
  values: Figures;
}

const baseStep = (results: BenchResults, id: TargetId): StepResult | null => results.throughput[id]?.base ?? null;
const at = <T>(pick: (id: TargetId) => T | null | undefined): Figures => {
  const values: Figures = {};
  for (const id of ['ours', 'ws-broadcast', 'ws-coalesce', 'socketio'] as const)
    values[id] = (pick(id) as number | null | undefined) ?? null;
  return values;
};

/** Every figure the report compares across targets. */
export function metrics(results: BenchResults): Metric[] {
  const base = results.meta.config.baseRate;
  return [
    {
      name: 'sustained send rate that keeps up',
      unit: 'msg/s',
      higherIsBetter: true,
      values: at((id) => results.throughput[id]?.sustainedRate),
    },
    {
      name: 'deliveries/s at that rate',
      unit: '/s',
      higherIsBetter: true,
      values: at((id) => {
        const t = results.throughput[id];
        return t?.steps.filter((s) => s.keepsUp).sort((a, b) => b.rate - a.rate)[0]?.deliveriesPerSecond;
      }),
    },
    {
      name: `server CPU per delivery at ${base} msg/s`,
      unit: 'µs',
      higherIsBetter: false,
      values: at((id) => baseStep(results, id)?.cpuPerDeliveryUs),
    },
    {
      name: `server CPU at ${base} msg/s`,
      unit: '%',
      higherIsBetter: false,
      values: at((id) => baseStep(results, id)?.serverCpuPct),
    },
    { name: `e2e p50 at ${base} msg/s`, unit: 'ms', higherIsBetter: false, values: at((id) => baseStep(results, id)?.e2e.p50) },
    { name: `e2e p99 at ${base} msg/s`, unit: 'ms', higherIsBetter: false, values: at((id) => baseStep(results, id)?.e2e.p99) },
    {
      name: `ack p99 at ${base} msg/s`,
      unit: 'ms',
      higherIsBetter: false,
      values: at((id) => baseStep(results, id)?.ackLatency.p99),
    },
    {
      name: `ping RTT p99 (loop delay proxy) at ${base} msg/s`,
      unit: 'ms',
      higherIsBetter: false,
      values: at((id) => baseStep(results, id)?.probe.p99),
    },
    {
      name: `generator CPU at ${base} msg/s`,
      unit: '%',
      higherIsBetter: false,
      values: at((id) => baseStep(results, id)?.generatorCpuPct),
    },
    {
      name: `RSS per idle signed-in connection (${results.meta.config.idleConnections})`,
      unit: 'KiB',
      higherIsBetter: false,
      values: at((id) => results.connections[id]?.rssPerIdleConnectionKiB),
    },
  ];
}

const fmt = (value: number | null | undefined, unit = '') =>
  value === null || value === undefined ? 'n/a' : `${value}${unit ? ` ${unit}` : ''}`;
const judge = (value: number | null | undefined, ok: (v: number) => boolean) => (value === null || value === undefined ? null : ok(value));

/** The issue's targets, each as measured in this run. */
export function checks(results: BenchResults): Check[] {
  const ours = results.throughput.ours;
  const rate = (id: TargetId) => results.throughput[id]?.sustainedRate ?? null;
  const vsCoalesce = ratio(rate('ours'), rate('ws-coalesce'));
  const vsSocketio = ratio(rate('ours'), rate('socketio'));
  const cpuRatio = ratio(baseStep(results, 'ours')?.cpuPerDeliveryUs, baseStep(results, 'ws-broadcast')?.cpuPerDeliveryUs);
  const idle = results.connections.ours;
  const storm = idle?.storm;
  const startup = results.startup?.npmStartMs ?? [];
  const burst = ours?.signin?.probeDuringBurst.p99;
  const stormOk = storm
    ? storm.connections >= results.meta.config.stormConnections && storm.broadcast.missing === 0 && storm.broadcast.e2e.p99 < 1000
    : null;
  return [
    { goal: 'sustained rate ≥ 50 % of bare-ws coalescing', measured: fmt(vsCoalesce, '×'), pass: judge(vsCoalesce, (v) => v >= 0.5) },
    { goal: 'sustained rate ≥ 10× Socket.IO', measured: fmt(vsSocketio, '×'), pass: judge(vsSocketio, (v) => v >= 10) },
    {
      goal: 'e2e p99 < 50 ms at half the sustained rate',
      measured: ours?.half ? `${ours.half.e2e.p99} ms at ${ours.half.rate} msg/s` : 'n/a',
      pass: judge(ours?.half?.e2e.p99, (v) => v < 50),
    },
    {
      goal: `≤ 10 KiB RSS per idle signed-in connection at ${results.meta.config.idleConnections}`,
      measured: fmt(idle?.rssPerIdleConnectionKiB, 'KiB'),
      pass: judge(idle?.rssPerIdleConnectionKiB, (v) => v <= 10),
    },
    {
      goal: `${results.meta.config.stormConnections} signed-in connections, a message reaches all with p99 < 1 s`,
      measured: storm
        ? `${storm.connections} held; p99 ${storm.broadcast.e2e.p99} ms, ${storm.broadcast.missing} missing; ${storm.connect.perSecond} sign-ins/s`
        : 'n/a',
      pass: stormOk,
    },
    {
      goal: `server CPU per delivery at ${results.meta.config.baseRate} msg/s ≤ 1.2× bare ws`,
      measured: fmt(cpuRatio, '×'),
      pass: judge(cpuRatio, (v) => v <= 1.2),
    },
    {
      goal: `${results.meta.config.signinBurst} concurrent sign-ins keep loop delay (ping RTT) p99 < 50 ms`,
      measured: burst === undefined ? 'n/a' : `${burst} ms (chat e2e p99 ${ours?.signin?.step.e2e.p99} ms meanwhile)`,
      pass: judge(burst, (v) => v < 50),
    },
    {
      goal: '`npm start` to accepting connections < 3 s (existing data)',
      measured: startup.length ? `${startup.join(', ')} ms` : fmt(null),
      pass: startup.length ? Math.max(...startup) < 3000 : null,
    },
    historyCheck(results.history, results.meta.config.historyRoomSize),
    catchUpCheck(results.history),
    restartCheck(results.restart, results.meta.config.restartClients),
    ...searchChecks(results.search),
  ];
}
