/**
 * `npm run faults [-- id …]`: runs the fault scenarios one after another (the full form unless
 * FAULTS_SCALE says otherwise) and prints each verdict. A run of every scenario writes the table that
 * docs/reliability.md publishes to tests/faults/results/; a run of some writes to a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/chat-process.js';
import { countMessages } from './lib/checker.js';
import { check, failures, type ScenarioReport, writeResults } from './lib/report.js';
import { canRun } from './lib/requirements.js';
import { currentScale } from './lib/scale.js';
import { SCENARIOS } from './scenarios/index.js';

/** A scenario that threw before it could count: reported as a failure, and the run goes on. */
function crashed(id: string, scaleName: string, error: unknown): ScenarioReport {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message);
  return {
    id,
    title: id,
    store: 'n/a',
    scale: scaleName,
    counts: countMessages([], [], []),
    metrics: {},
    checks: [check('the scenario runs to the end', false, message.split('\n')[0] ?? '')],
    durationS: 0,
    logDir: 'n/a',
  };
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const scale = currentScale();
const chosen = wanted.length > 0 ? SCENARIOS.filter((s) => wanted.includes(s.id)) : SCENARIOS;
const reports: ScenarioReport[] = [];
for (const scenario of chosen) {
  if (!(await canRun(scenario.id, scenario.needs))) continue;
  console.log(`\n== ${scenario.id} (${scale.name})`);
  const report = await scenario.run(scale).catch((error: unknown) => crashed(scenario.id, scale.name, error));
  reports.push(report);
  const failed = failures(report);
  console.log(JSON.stringify({ counts: report.counts, metrics: report.metrics }));
  console.log(failed.length === 0 ? `pass (${report.durationS} s)` : `FAIL: ${failed.map((f) => `${f.name}: ${f.detail}`).join('; ')}`);
}
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
const meta = { date: new Date().toISOString(), commit, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}` };
const complete = chosen.length === SCENARIOS.length && reports.length === SCENARIOS.length;
const dir = complete ? join(REPO_ROOT, 'tests/faults/results') : join(tmpdir(), `cc-faults-results-${Date.now()}`);
for (const file of writeResults(reports, dir, meta)) console.log(`wrote ${file}`);
const failedCount = reports.filter((report) => failures(report).length > 0).length;
console.log(`\n${reports.length - failedCount} passed, ${failedCount} failed`);
process.exit(failedCount > 0 ? 1 : 0);
