import type { BenchConfig, ScalingShape } from '../lib/config.js';
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
  /** Highest rate (all rooms together) at which every member got every message of its room with p99 < 100 ms. */
  sustainedRate: number | null;
  /** The same rate for every row of a shape (half what the first row sustains), for latency and cost. */
  compare: StepResult | null;
  /** Redis CPU per message published during the comparison step (µs), null with one process (no Redis). */
  busCpuPerMessageUs: number | null;
}

export interface ScalingShapeResult {
  shape: ScalingShape;
  rooms: number;
  /** Connections over all rooms, senders included. */
  connections: number;
  senders: number;
  compareRate: number | null;
  rows: ScalingRow[];
}

export interface ScalingResult {
  shapes: ScalingShapeResult[];
}

/**
 * What a second and third process buy, for two shapes of the same
 * connections: one room of `subscribers` (every message to every process's
 * sockets), and `scalingRooms` small rooms with one sender each (each
 * message to the few processes that hold its room's members). Connections
 * and senders are spread round robin over N processes on one PostgreSQL and
 * Redis, so most deliveries cross the bus. One process (in-process bus) is
 * the baseline measured in the same run.
 */
export async function scalingPhase(config: BenchConfig, runId: string): Promise<ScalingResult> {
  if (!process.env.DATABASE_URL) throw new Error(SCALING_NEEDS_POSTGRES);
  const result: ScalingResult = { shapes: [] };
  for (const shape of config.scalingShapes) {
    const rooms = shape === 'one-room' ? 1 : config.scalingRooms;
    if (rooms > config.subscribers) throw new Error(`scaling: ${rooms} rooms need at least as many subscribers`);
    const senders = shape === 'one-room' ? config.senders : rooms;
    const shaped: ScalingShapeResult = { shape, rooms, connections: config.subscribers, senders, compareRate: null, rows: [] };
    result.shapes.push(shaped);
    for (const processes of config.scalingProcesses) shaped.rows.push(await measure(config, runId, shaped, processes));
  }
  return result;
}

async function measure(config: BenchConfig, runId: string, shaped: ScalingShapeResult, processes: number): Promise<ScalingRow> {
  const { shape, rooms, senders } = shaped;
  const where = shape === 'one-room' ? 'in one room' : `in ${rooms} rooms`;
  log(`[scaling] ${shape}, ${processes} process${processes > 1 ? 'es' : ''}: ${config.subscribers} connections ${where}`);
  const session = await TargetSession.open(TARGETS.ours, config, `scaling-${shape}-${processes}`, runId, config.workers, processes);
  try {
    if (shape === 'many-rooms') await session.useRooms(rooms);
    await session.connect(senders, 'sender', Math.min(senders, 32), 'senders');
    await session.connect(config.subscribers - senders, 'receiver', 32, 'subscribers');
    endProgress();
    if (session.tracked < config.subscribers * 0.99)
      throw new Error(`scaling: only ${session.tracked} of ${config.subscribers} connections signed in`);
    const search = await searchSustainedRate(session, config);
    shaped.compareRate ??= Math.max(config.baseRate, Math.round((search.good ?? config.baseRate * 2) / 2));
    const redis0 = commandTicks('redis-server');
    const compare = await runStep(session, shaped.compareRate, { label: 'comparison', durationMs: config.stepSeconds * 1000 });
    const redisCpu = commandCpuSince('redis-server', redis0);
    endProgress();
    log(`[scaling] ${shape}, ${processes}: ${describeStep(compare)}`);
    return {
      processes,
      sustainedRate: search.good,
      compare,
      busCpuPerMessageUs: processes > 1 && compare.sent > 0 ? round((redisCpu * 1e6) / compare.sent, 1) : null,
    };
  } finally {
    await session.close();
  }
}

/** "10", or "3–4" when the connections do not divide evenly. */
function roomSize(shaped: ScalingShapeResult): string {
  const low = Math.floor(shaped.connections / shaped.rooms);
  return shaped.connections % shaped.rooms === 0 ? String(low) : `${low}–${low + 1}`;
}

const SHAPE_TEXT: Record<ScalingShape, (shaped: ScalingShapeResult) => string> = {
  'one-room': (s) => `One room of ${s.connections} subscribers (${s.senders} of them send)`,
  'many-rooms': (s) =>
    `${s.rooms} rooms of ${roomSize(s)} members (${s.connections} in all, one sender per room; ` +
    'each message goes to its own room, the rate counts all rooms together)',
};

export function scalingMarkdown(scaling: ScalingResult): string[] {
  const lines = [
    '',
    '## Scaling across processes',
    '',
    'Connections and senders spread round robin over the processes, one PostgreSQL, Redis pub/sub between processes ' +
      '(one process: the in-process bus). A rate keeps up when ≥ 99.9 % of (messages × members of their room) arrive with e2e p99 < 100 ms.',
  ];
  for (const shaped of scaling.shapes) {
    const rows = shaped.rows.map((row) => {
      const c = row.compare;
      return (
        `| ${row.processes} | ${row.sustainedRate ?? 'none'} | ${c ? `${c.e2e.p50} / ${c.e2e.p99}` : 'n/a'} | ` +
        `${c?.cpuPerDeliveryUs ?? 'n/a'} | ${row.busCpuPerMessageUs ?? '–'} | ${c?.dbCpuPct ?? 'n/a'} |`
      );
    });
    lines.push(
      '',
      `### ${shaped.shape}`,
      '',
      `${SHAPE_TEXT[shaped.shape](shaped)}. Latency and cost at ${shaped.compareRate} msg/s in every row.`,
      '',
      '| processes | sustained msg/s | e2e p50 / p99 ms | server CPU µs per delivery (all processes) | Redis CPU µs per message | PostgreSQL CPU % |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    );
  }
  return lines;
}
