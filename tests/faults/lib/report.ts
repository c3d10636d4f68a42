import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Counts } from './checker.js';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

/** What one scenario run found: the counts, its own measurements, and every check with its verdict. */
export interface ScenarioReport {
  id: string;
  title: string;
  store: string;
  scale: string;
  counts: Counts;
  metrics: Record<string, number | string>;
  checks: Check[];
  durationS: number;
  /** Server and nginx logs of the run. */
  logDir: string;
}

export const check = (name: string, pass: boolean, detail: string | number): Check => ({ name, pass, detail: String(detail) });

/** p-th percentile (0..100) of small samples, nearest rank; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The promise of issue 13, checked in every scenario: nothing acknowledged lost, nothing twice, nothing missing or out of order. */
export function messageChecks(counts: Counts): Check[] {
  return [
    check('nothing acknowledged is lost', counts.lost === 0, `${counts.lost} lost`),
    check('no client_id stored twice', counts.duplicatedStored === 0, `${counts.duplicatedStored} stored twice`),
    check('no message shown twice', counts.duplicatedShown === 0, `${counts.duplicatedShown} shown twice`),
    check("every reader ends with the database's messages", counts.gaps === 0, `${counts.gaps} missing`),
    check('in seq order', counts.outOfOrder === 0, `${counts.outOfOrder} out of order`),
    check('nothing refused', counts.refused === 0, `${counts.refused} refused`),
  ];
}

export const failures = (report: ScenarioReport) => report.checks.filter((c) => !c.pass);

const row = (cells: unknown[]) => `| ${cells.map(String).join(' | ')} |`;

export function markdown(reports: ScenarioReport[], meta: { date: string; commit: string; machine: string }): string {
  const head = [
    'scenario',
    'store',
    'attempted',
    'acked',
    'stored',
    'lost',
    'dup stored',
    'delivered / expected',
    'dup shown',
    'gaps',
    'out of order',
    'measured',
    'result',
  ];
  const lines = [
    `# Fault test results (${reports[0]?.scale ?? 'n/a'} form)`,
    '',
    `Run on ${meta.date}, commit ${meta.commit}, ${meta.machine}. \`npm run faults\` writes this file; docs/reliability.md explains it.`,
    '',
    row(head),
    row(head.map(() => '---')),
  ];
  for (const r of reports) {
    const c = r.counts;
    const measured = Object.entries(r.metrics)
      .map(([key, value]) => `${key} ${value}`)
      .join('; ');
    const failed = failures(r);
    const result = failed.length === 0 ? 'pass' : `**FAIL**: ${failed.map((f) => `${f.name} (${f.detail})`).join('; ')}`;
    lines.push(
      row([
        r.title,
        r.store,
        c.attempted,
        c.acknowledged,
        c.stored,
        c.lost,
        c.duplicatedStored,
        `${c.delivered} / ${c.expected}`,
        c.duplicatedShown,
        c.gaps,
        c.outOfOrder,
        measured,
        result,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function writeResults(reports: ScenarioReport[], dir: string, meta: { date: string; commit: string; machine: string }): string[] {
  mkdirSync(dir, { recursive: true });
  const files = {
    'results.json': `${JSON.stringify({ ...meta, reports }, null, 2)}\n`,
    'results.md': markdown(reports, meta),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.keys(files).map((name) => join(dir, name));
}
