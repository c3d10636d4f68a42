import { join } from 'node:path';
import type { Protocol } from '../loadgen/client.js';
import { BENCH_DIR, ROOT, type TargetId } from './config.js';
import { BENCH_METRICS_TOKEN } from './server-metrics.js';
import type { ServerSpec } from './server-process.js';

export interface Target {
  id: TargetId;
  label: string;
  protocol: Protocol;
  /** Our server checks passwords (argon2) and stores messages; the baselines do neither. */
  realAuth: boolean;
  spec(port: number, logTag: string): ServerSpec;
}

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const LOG_DIR = join(BENCH_DIR, '.data/logs');

export const PGLITE_DIR = join(BENCH_DIR, '.data/pglite');

/** Where our server is started from: this checkout, or another one (e.g. a snapshot of a commit) via BENCH_SERVER_ROOT. */
export const SERVER_ROOT = process.env.BENCH_SERVER_ROOT ?? ROOT;

/** Settings the bench needs; each applies only when the environment does not set it already. */
const OUR_DEFAULTS: Record<string, string> = {
  HOST: '127.0.0.1',
  DATA_DIR: PGLITE_DIR,
  FRAMES_PER_SECOND: '1000000',
  FRAMES_BURST: '1000000',
  MESSAGES_PER_SECOND: '1000000',
  MESSAGES_BURST: '1000000',
  SIGNUPS_PER_MINUTE_PER_ADDRESS: '1000000',
  SIGNIN_FAILURES_PER_MINUTE_PER_ADDRESS: '1000000',
  SIGNIN_FAILURES_PER_MINUTE: '1000',
  MAX_CONNECTIONS_PER_USER: '1000',
  // The scaling phase's many-rooms shape creates its 100 rooms from one account.
  ROOM_CREATES_PER_MINUTE: '1000',
  // 1 000 room members plus the probe, or 15 000 storm clients over 4 loopback addresses.
  MAX_CONNECTIONS_PER_ADDRESS: '1000000',
  // Storms take minutes and idle clients only answer WebSocket pings: no idle timeout during a run.
  IDLE_TIMEOUT_MS: '3600000',
  // Each throughput step reads the server's own event-loop delay and phase timings from GET /metrics.
  METRICS_TOKEN: BENCH_METRICS_TOKEN,
};

export function ourEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(OUR_DEFAULTS)) env[key] = process.env[key] ?? value;
  if (process.env.DATABASE_URL) env.DATABASE_SCHEMA = process.env.DATABASE_SCHEMA ?? 'bench';
  return env;
}

export const storeKind = () => (process.env.DATABASE_URL ? 'postgres' : 'pglite');

/** Where our server keeps its data, for the report (never the URL's credentials). */
export function storeLabel(): string {
  const url = process.env.DATABASE_URL;
  if (!url) return `pglite (${PGLITE_DIR})`;
  const parsed = new URL(url);
  return `postgres (${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}, schema ${ourEnv().DATABASE_SCHEMA})`;
}

const baseline = (id: TargetId, file: string, label: string, protocol: Protocol): Target => ({
  id,
  label,
  protocol,
  realAuth: false,
  spec: (port, logTag) => ({
    name: id,
    command: TSX,
    args: [join(BENCH_DIR, 'servers', file)],
    env: {},
    port,
    logFile: join(LOG_DIR, `${id}-${logTag}.log`),
    cwd: ROOT,
  }),
});

export const TARGETS: Record<TargetId, Target> = {
  ours: {
    id: 'ours',
    label: 'cerulean-chalice',
    protocol: 'chat',
    realAuth: true,
    spec: (port, logTag) => ({
      name: 'ours',
      command: TSX,
      // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles our server (tsx hands node flags on).
      args: [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'src/main.ts'],
      env: ourEnv(),
      port,
      logFile: join(LOG_DIR, `ours-${logTag}.log`),
      cwd: SERVER_ROOT,
    }),
  },
  'ws-broadcast': baseline('ws-broadcast', 'ws-broadcast.ts', 'bare ws, one frame per message', 'chat'),
  'ws-coalesce': baseline('ws-coalesce', 'ws-coalesce.ts', 'bare ws, one frame per 5 ms tick', 'chat'),
  socketio: baseline('socketio', 'socketio.ts', 'Socket.IO 4, io.to(room).emit', 'socketio'),
};

/** `npm start`, as the startup target says; its prestart may rebuild the client. */
export function npmStartSpec(port: number): ServerSpec {
  return {
    name: 'npm start',
    command: 'npm',
    args: ['start', '--silent'],
    env: ourEnv(),
    port,
    logFile: join(LOG_DIR, 'npm-start.log'),
    // The same checkout as the measured server (BENCH_SERVER_ROOT), not whatever the working tree holds.
    cwd: SERVER_ROOT,
  };
}

export const BENCH_PASSWORD = 'bench-password-1';
export const nickname = (index: number) => `bench_${index}`;
