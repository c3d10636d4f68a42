/**
 * Fault scenarios that fail today because the server fix they test has not landed yet, with the fix
 * each waits for. `npm test` leaves them out with a warning naming them, so the branch stays green;
 * `FAULTS_ALL=1 npm test` and `npm run faults` run them anyway. Delete a line when its fix lands.
 */
export const AWAITING_FIX: Record<string, string> = {};

/** Whether this run includes the scenario; prints why when it does not. */
export function inThisRun(id: string): boolean {
  const waitingFor = AWAITING_FIX[id];
  if (waitingFor === undefined || process.env.FAULTS_ALL === '1') return true;
  console.warn(`fault scenario ${id} left out until its fix lands: ${waitingFor} (FAULTS_ALL=1 runs it)`);
  return false;
}
