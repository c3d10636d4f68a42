import { commandCpuSince, commandTicks, machineCpuSeconds } from '../lib/proc.js';
import type { ServerProcess } from '../lib/server-process.js';
import { round } from '../lib/stats.js';
import type { Worker } from '../lib/workers.js';

/** CPU seconds from a restart's spawn until all caught up: where the storm's work went on the shared machine. */
export interface StormCpu {
  server: number;
  /** PostgreSQL's backends (null on PGlite: its work is the server's). */
  postgres: number | null;
  /** The storm workers and the bench process (the posters, the status polls). */
  generators: number;
  /** The whole machine's busy share over the same time, in % of all cores. */
  machineBusyPct: number;
}

/** Counts CPU from now on; the server is the new process, so its whole life is counted. */
export function startCpuCounters(workers: Worker[], usesPostgres: boolean) {
  const workersCpu = () => workers.reduce((total, worker) => total + worker.cpuSeconds(), 0);
  const workers0 = workersCpu();
  const self0 = process.cpuUsage();
  const db0 = commandTicks('postgres');
  const machine0 = machineCpuSeconds();
  return {
    read(server: ServerProcess): StormCpu {
      const self = process.cpuUsage(self0);
      const machine = machineCpuSeconds();
      const total = machine.total - machine0.total;
      return {
        server: round(server.cpuSeconds(), 1),
        postgres: usesPostgres ? round(commandCpuSince('postgres', db0), 1) : null,
        generators: round(workersCpu() - workers0 + (self.user + self.system) / 1e6, 1),
        machineBusyPct: total > 0 ? Math.round((100 * (machine.busy - machine0.busy)) / total) : 0,
      };
    },
  };
}
