import { log } from '../lib/log.js';
import { freePort } from '../lib/proc.js';
import { ServerProcess } from '../lib/server-process.js';
import { npmStartSpec } from '../lib/targets.js';

export interface StartupResult {
  /** Milliseconds from spawning `npm start` to accepting connections, per attempt. */
  npmStartMs: number[];
  error: string | null;
}

/** `npm start` on the existing data directory / schema (the earlier phases created it), a few times. */
export async function startupPhase(attempts: number): Promise<StartupResult> {
  const result: StartupResult = { npmStartMs: [], error: null };
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const server = await ServerProcess.start(npmStartSpec(await freePort()), 30_000);
      result.npmStartMs.push(server.startupMs);
      await server.stop(5000);
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
      break;
    }
  }
  log(`[ours] npm start → accepting connections: ${result.npmStartMs.join(', ') || 'n/a'} ms${result.error ? ` (${result.error})` : ''}`);
  return result;
}
