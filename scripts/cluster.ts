/**
 * `npm run cluster -- N`: N chat processes, as `npm start` runs one, on consecutive ports from PORT
 * (default 8081), all on the same DATABASE_URL and REDIS_URL, for nginx (deploy/nginx) to balance.
 * A child that dies is started again (after 1 s, growing to 30 s while it keeps dying); SIGINT and
 * SIGTERM are passed on to every child, and the cluster exits once they have.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const MAX_RESTART_DELAY_MS = 30_000;
/** A child that ran this long before dying starts again at the shortest delay. */
const HEALTHY_AFTER_MS = 60_000;

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const levels = { info: 30, warn: 40, error: 50 };
  console.log(JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, name: 'cluster', msg, ...fields }));
}

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

const count = Number(process.argv[2] ?? '1');
if (!Number.isInteger(count) || count < 1 || count > 64) fail(`usage: npm run cluster -- N  (N from 1 to 64, got "${process.argv[2]}")`);
const basePort = Number(process.env.PORT ?? '8081');
if (!Number.isInteger(basePort) || basePort < 1 || basePort + count - 1 > 65535) fail(`PORT=${process.env.PORT}: not a usable first port`);
if (count > 1 && !process.env.DATABASE_URL) fail('several processes need one PostgreSQL: set DATABASE_URL (PGlite serves one process)');
if (count > 1 && !process.env.REDIS_URL) fail('several processes need REDIS_URL, or a message posted to one never reaches the others');

interface Slot {
  index: number;
  port: number;
  child?: ChildProcess;
  startedAt: number;
  delayMs: number;
}

const slots: Slot[] = Array.from({ length: count }, (_, index) => ({ index, port: basePort + index, startedAt: 0, delayMs: 1_000 }));
let stopping = false;

function start(slot: Slot): void {
  // Its own process group: a terminal's Ctrl-C reaches the cluster only, which passes it on once (a
  // second SIGINT would cut a child's clean shutdown short).
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: String(slot.port) },
    stdio: 'inherit',
    detached: true,
  });
  slot.child = child;
  slot.startedAt = Date.now();
  log('info', 'cluster child started', { child: slot.index, port: slot.port, child_pid: child.pid });
  child.once('exit', (code, signal) => {
    slot.child = undefined;
    if (stopping) return;
    if (Date.now() - slot.startedAt > HEALTHY_AFTER_MS) slot.delayMs = 1_000;
    log('error', 'cluster child died; starting it again', { child: slot.index, port: slot.port, code, signal, in_ms: slot.delayMs });
    setTimeout(() => stopping || start(slot), slot.delayMs);
    slot.delayMs = Math.min(slot.delayMs * 2, MAX_RESTART_DELAY_MS);
  });
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log('info', 'cluster stopping', { signal });
  const alive = slots.flatMap((slot) => (slot.child ? [slot.child] : []));
  if (alive.length === 0) process.exit(0);
  let left = alive.length;
  for (const child of alive) {
    child.once('exit', () => --left === 0 && process.exit(0));
    child.kill(signal);
  }
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const slot of slots) start(slot);
