import { readdirSync, readFileSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux x86). */
export const TICKS_PER_SECOND = 100;

interface StatLine {
  pid: number;
  comm: string;
  ppid: number;
  /** Process group. */
  pgrp: number;
  /** R, S, D, Z (exited, not yet reaped)... */
  state: string;
  ticks: number;
}

function readStat(pid: number): StatLine | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: the fields after it start at the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is state (field 3); utime and stime are fields 14 and 15.
    return {
      pid,
      comm,
      state: fields[0] ?? '',
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined;
  }
}

function allStats(): StatLine[] {
  const stats: StatLine[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** The process and all its descendants. */
export function processTree(rootPid: number): StatLine[] {
  const stats = allStats();
  const tree: StatLine[] = [];
  const wanted = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stat of stats) {
      if (!wanted.has(stat.pid) && wanted.has(stat.ppid)) {
        wanted.add(stat.pid);
        grew = true;
      }
    }
  }
  for (const stat of stats) if (wanted.has(stat.pid)) tree.push(stat);
  return tree;
}

/**
 * Whether a process of the group still runs. Exited ones are left out: a server whose parent (npm)
 * exited first belongs to init, which may reap it seconds later, and kill(-group, 0) counts it until then.
 */
export function groupRunning(pgrp: number): boolean {
  return allStats().some((stat) => stat.pgrp === pgrp && stat.state !== 'Z');
}

/** CPU seconds (user + system) used so far by a process tree. */
export function treeCpuSeconds(rootPid: number): number {
  return processTree(rootPid).reduce((sum, stat) => sum + stat.ticks, 0) / TICKS_PER_SECOND;
}

/** CPU ticks so far of every process with this command name (e.g. all PostgreSQL backends), by pid. */
export function commandTicks(comm: string): Map<number, number> {
  return new Map(
    allStats()
      .filter((stat) => stat.comm === comm)
      .map((stat) => [stat.pid, stat.ticks]),
  );
}

/** CPU seconds those processes used since `before`; backends that exited meanwhile are not counted, new ones fully. */
export function commandCpuSince(comm: string, before: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, now] of commandTicks(comm)) ticks += now - (before.get(pid) ?? 0);
  return ticks / TICKS_PER_SECOND;
}

/** The node process inside `tsx` (tsx runs the script in a child node process). */
export function findNodeProcess(rootPid: number): number {
  const tree = processTree(rootPid).filter((stat) => stat.comm === 'node' || stat.comm.startsWith('node'));
  const child = tree.find(
    (stat) => stat.pid !== rootPid && processTree(stat.pid).every((inner) => inner.comm !== 'node' || inner.pid === stat.pid),
  );
  return child?.pid ?? tree.at(-1)?.pid ?? rootPid;
}

/** Resident set size in KiB (VmRSS), or 0 when the process is gone. */
export function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once something accepts TCP connections on the port. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
