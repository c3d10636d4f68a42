import { expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/index.js';
import { inThisRun } from './awaiting-fix.js';
import { failures } from './report.js';
import { canRun } from './requirements.js';
import { currentScale } from './scale.js';

/**
 * One vitest case per scenario, in the short form unless FAULTS_SCALE says otherwise: it fails with
 * every failed check and the counts. Scenarios in a file run one after another (they share the CPU
 * with the servers they start).
 */
export async function scenarioTests(ids: string[]): Promise<void> {
  for (const id of ids) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new Error(`no fault scenario ${id}`);
    // Needs first: under CI=true a missing binary fails the run even for a scenario left out until its fix lands.
    const runs = (await canRun(id, scenario.needs)) && inThisRun(id);
    it.runIf(runs)(
      id,
      async () => {
        const report = await scenario.run(currentScale());
        const failed = failures(report).map((f) => `${f.name}: ${f.detail}`);
        expect(failed, `${JSON.stringify(report.counts)} ${JSON.stringify(report.metrics)}; logs in ${report.logDir}`).toEqual([]);
      },
      600_000,
    );
  }
}
