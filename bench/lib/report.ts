import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyMarkdown } from '../phases/history.js';
import { restartMarkdown } from '../phases/restart.js';
import { scalingMarkdown } from '../phases/scaling.js';
import { searchMarkdown } from '../phases/search.js';
import type { StepResult } from '../phases/step.js';
import { latencyChart } from './chart.js';
import { TARGET_IDS, type TargetId } from './config.js';
import { ratio } from './stats.js';
import { type BenchResults, checks, metrics } from './summary.js';
import { TARGETS } from './targets.js';

export const COLORS: Record<TargetId, string> = {
  ours: '#1f5fbf',
  'ws-broadcast': '#e08a00',
  'ws-coalesce': '#2a9d3a',
  socketio: '#c0392b',
};
const BASELINES: TargetId[] = ['ws-broadcast', 'ws-coalesce', 'socketio'];

const cell = (value: unknown) => (value === null || value === undefined ? 'n/a' : String(value));
const row = (cells: unknown[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: unknown[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function stepRows(id: TargetId, steps: StepResult[]): unknown[][] {
  return steps.map((s) => [
    id,
    s.label,
    s.rate,
    s.deliveriesPerSecond,
    s.deliveriesPerFrame,
    `${s.deliveredPct}%`,
    s.duplicates,
    `${s.e2e.p50} / ${s.e2e.p95} / ${s.e2e.p99} / ${s.e2e.max}`,
    `${s.ackLatency.p50} / ${s.ackLatency.p99}`,
    s.acksPerSecond,
    s.probe.p99,
    s.serverCpuPct,
    s.cpuPerDeliveryUs,
    s.dbCpuPct,
    s.generatorCpuPct,
    s.machineBusyPct,
    s.otherCpuPct,
    s.serverRssMiB,
    s.keepsUp ? 'yes' : s.generatorLimited ? 'gen-limited' : 'no',
  ]);
}

function spreadRows(id: TargetId, steps: StepResult[]): unknown[][] {
  return steps.flatMap((s) => {
    const d = s.spread;
    if (!d) return [];
    return [
      [
        id,
        s.label,
        s.rate,
        `${s.e2e.p50} / ${s.e2e.p99}`,
        `${d.first.p50} / ${d.first.p99}`,
        `${d.last.p50} / ${d.last.p99}`,
        `${d.spread.p50} / ${d.spread.p99}`,
      ],
    ];
  });
}

function phaseRows(results: BenchResults): unknown[][] {
  const t = results.throughput.ours;
  if (!t) return [];
  return [...t.steps, ...(t.half ? [t.half] : []), ...(t.signin ? [t.signin.step] : [])].flatMap((s) => {
    const p = s.serverPhases;
    if (!p) return [];
    return [
      [
        s.label,
        s.rate,
        s.e2e.p99,
        s.ackLatency.p99,
        `${p.loopDelay.p50} / ${p.loopDelay.p99} / ${p.loopDelay.max}`,
        p.commits,
        p.batchMean,
        `${p.commitMeanMs} / ${p.commitP99Ms}`,
        p.flushes,
        `${p.flushMeanMs} / ${p.flushP99Ms}`,
      ],
    ];
  });
}

export function markdown(results: BenchResults): string {
  const { meta } = results;
  const config = meta.config;
  const lines: string[] = [
    `# Benchmark results${config.quick ? ' (quick smoke run: not a measurement)' : ''}`,
    '',
    `Run ${meta.runId} on ${meta.date}: ${meta.cpus} × ${meta.cpuModel}, node ${meta.node}, load average at start ${meta.loadAverage}.`,
    `Our server: commit ${meta.serverCommit}, store ${meta.store}. Server and load generators share the machine, so only ratios within this run count.`,
    `Throughput: ${config.subscribers} connections in one room (${config.senders} of them send), 64-character messages, ${config.stepSeconds} s per step;`,
    'a step "keeps up" when ≥ 99.9 % of (messages × connections) arrive and the end-to-end p99 is under 100 ms.',
    '',
    '## Targets',
    '',
    table(
      ['goal', 'measured', 'met'],
      checks(results).map((c) => [c.goal, c.measured, c.pass === null ? 'not measured' : c.pass ? 'yes' : '**no**']),
    ),
    '',
    '## Ours against the baselines',
    '',
    table(
      ['metric', 'ours', ...BASELINES, ...BASELINES.map((b) => `ours ÷ ${b}`)],
      metrics(results).map((m) => [
        `${m.name} (${m.unit}, ${m.higherIsBetter ? 'higher' : 'lower'} is better)`,
        m.values.ours,
        ...BASELINES.map((b) => m.values[b]),
        ...BASELINES.map((b) => ratio(m.values.ours, m.values[b])),
      ]),
    ),
    '',
    `Targets: ${TARGET_IDS.map((id) => `**${id}**: ${TARGETS[id].label}`).join('; ')}.`,
    '',
    '![end-to-end latency against send rate](latency.svg)',
    '',
    '## Every step',
    '',
    table(
      [
        'target',
        'step',
        'msg/s',
        'deliveries/s',
        'deliveries / frame',
        'delivered',
        'dup',
        'e2e p50/p95/p99/max ms',
        'ack p50/p99 ms',
        'acks/s',
        'ping p99 ms',
        'server CPU %',
        'µs/delivery',
        'PostgreSQL CPU %',
        'generators CPU %',
        'machine busy %',
        'outside load (% of a core)',
        'server RSS MiB',
        'keeps up',
      ],
      TARGET_IDS.flatMap((id) => {
        const t = results.throughput[id];
        return t ? stepRows(id, [...t.steps, ...(t.half ? [t.half] : []), ...(t.signin ? [t.signin.step] : [])]) : [];
      }),
    ),
    '',
    "## A message's first and last delivery",
    '',
    "Per message: when its first receiver got it (the server's part: read, commit, wait for a flush; plus one wake-up), " +
      "when its last did, and the time between (the flush walking the sockets, and the receivers' own processing).",
    '',
    table(
      ['target', 'step', 'msg/s', 'e2e p50 / p99 ms (every delivery)', 'first p50 / p99 ms', 'last p50 / p99 ms', 'spread p50 / p99 ms'],
      TARGET_IDS.flatMap((id) => {
        const t = results.throughput[id];
        return t ? spreadRows(id, [...t.steps, ...(t.half ? [t.half] : [])]) : [];
      }),
    ),
    '',
    '## Inside our server, per step',
    '',
    'From its own GET /metrics, scraped at the start and end of each step (the first process, when there are several).',
    '',
    table(
      [
        'step',
        'msg/s',
        'e2e p99 ms',
        'ack p99 ms',
        'loop delay p50/p99/max ms',
        'commits',
        'msg / commit',
        'commit mean / p99 ≤ ms',
        'flushes',
        'flush mean / p99 ≤ ms',
      ],
      phaseRows(results),
    ),
    '',
    '## Connections',
    '',
    table(
      [
        'target',
        'startup ms',
        'RSS base MiB',
        'RSS idle MiB',
        'idle conns',
        'KiB / idle conn',
        'sign-ins/s',
        'server CPU ms / sign-in',
        'storm',
      ],
      TARGET_IDS.flatMap((id) => {
        const c = results.connections[id];
        if (!c) return [];
        const storm = c.storm
          ? `${c.storm.connections} held, ${c.storm.connect.perSecond} sign-ins/s (p99 ${c.storm.connect.latency.p99} ms), ` +
            `RSS ${c.storm.rssMiB} MiB (${c.storm.rssPerConnectionKiB} KiB/conn), broadcast e2e p99 ${c.storm.broadcast.e2e.p99} ms, ` +
            `${c.storm.broadcast.missing} missing`
          : '';
        return [
          [
            id,
            c.startupMs,
            c.rssBaseMiB,
            c.rssIdleMiB,
            c.idleConnections,
            c.rssPerIdleConnectionKiB,
            c.idleConnect?.perSecond,
            c.cpuPerSigninMs,
            storm,
          ],
        ];
      }),
    ),
  ];
  const signin = results.throughput.ours?.signin;
  if (signin) {
    lines.push(
      '',
      `Sign-in burst: ${signin.connect.connected}/${signin.burst} concurrent sign-ins took ${signin.burstSeconds} s ` +
        `(sign-in p50/p99 ${signin.connect.latency.p50}/${signin.connect.latency.p99} ms); ping RTT during it p50/p99/max ` +
        `${signin.probeDuringBurst.p50}/${signin.probeDuringBurst.p99}/${signin.probeDuringBurst.max} ms.`,
    );
  }
  if (results.startup) lines.push('', `\`npm start\` to accepting connections: ${results.startup.npmStartMs.join(', ') || 'n/a'} ms.`);
  if (results.history) lines.push(...historyMarkdown(results.history));
  if (results.restart) lines.push(...restartMarkdown(results.restart));
  if (results.scaling) lines.push(...scalingMarkdown(results.scaling));
  if (results.search) lines.push(...searchMarkdown(results.search));
  if (results.errors.length > 0) lines.push('', '## Errors', '', ...results.errors.map((e) => `- ${e.split('\n')[0]}`));
  return `${lines.join('\n')}\n`;
}

export function writeResults(results: BenchResults, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const series = TARGET_IDS.filter((id) => results.throughput[id]).map((id) => ({
    label: id,
    color: COLORS[id],
    steps: results.throughput[id]?.steps ?? [],
  }));
  const title = `End-to-end latency vs send rate, ${results.meta.config.subscribers} subscribers in one room`;
  const files = {
    'results.json': `${JSON.stringify({ ...results, summary: { checks: checks(results), metrics: metrics(results) } }, null, 2)}\n`,
    'results.md': markdown(results),
    'latency.svg': latencyChart(series, title),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  return Object.keys(files).map((name) => join(outDir, name));
}
