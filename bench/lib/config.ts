import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

export const TARGET_IDS = ['ours', 'ws-broadcast', 'ws-coalesce', 'socketio'] as const;
export type TargetId = (typeof TARGET_IDS)[number];

export const PHASES = ['throughput', 'signin', 'idle', 'storm', 'startup', 'history', 'restart', 'scaling', 'search'] as const;
export const SEARCH_STORES = ['postgres', 'pglite'] as const;
/** one-room: every connection in one room; many-rooms: the same connections in `scalingRooms` small rooms. */
export const SCALING_SHAPES = ['one-room', 'many-rooms'] as const;
export type ScalingShape = (typeof SCALING_SHAPES)[number];
export type Phase = (typeof PHASES)[number];
/** What --quick runs unless --phases says otherwise: the smoke test stays under a minute; scaling and search (minutes each) are asked for by name. */
const QUICK_PHASES: Phase[] = ['throughput', 'signin', 'idle', 'storm', 'startup', 'history', 'restart'];

export interface BenchConfig {
  quick: boolean;
  targets: TargetId[];
  phases: Phase[];
  /** Connections in the room during the throughput phase (senders included). */
  subscribers: number;
  senders: number;
  /** Receiving generator processes (senders get one more). */
  workers: number;
  stepSeconds: number;
  /** First rate of the search (msg/s); it also gives "CPU per delivery at this rate". */
  baseRate: number;
  maxRate: number;
  maxSteps: number;
  /** Idle signed-in connections for the RSS figure. */
  idleConnections: number;
  /** Signed-in connections held in the storm phase. */
  stormConnections: number;
  /** Process counts of the scaling phase (PostgreSQL + Redis). */
  scalingProcesses: number[];
  scalingShapes: ScalingShape[];
  /** Rooms of the many-rooms shape; the `subscribers` connections are spread over them, one sender per room. */
  scalingRooms: number;
  /** Signed-in clients that reconnect together after the server restarts. */
  restartClients: number;
  /** Distinct bench accounts; connections beyond that reuse them (MAX_CONNECTIONS_PER_USER is raised). */
  accounts: number;
  signinBurst: number;
  /** Messages in the big room of the history page benchmark (PostgreSQL; filled once, reused). */
  historyRoomSize: number;
  /** Timed pages per case and room size. */
  historyIterations: number;
  /** Messages the search phase fills (mixed Russian and English, 100 rooms, 1 000 users). */
  searchSize: number;
  searchStores: Array<(typeof SEARCH_STORES)[number]>;
  /** Timed searches per query type. */
  searchIterations: number;
  outDir: string;
}

function flag(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function list<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').filter(Boolean);
  for (const item of items)
    if (!allowed.includes(item as T)) throw new Error(`--${name}: unknown "${item}" (one of ${allowed.join(', ')})`);
  return items as T[];
}

const num = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));

export const USAGE = `npm run bench [-- options]
  --quick                smoke run: small N, one short step per target, < 60 s, exit 1 if the harness is broken
  --only=LIST            targets: ${TARGET_IDS.join(',')}
  --phases=LIST          phases: ${PHASES.join(',')} (--quick: all but scaling and search unless named)
  --subscribers=N        connections in the room during throughput steps (default 1000)
  --senders=N            sending connections among them (default 10)
  --workers=N            receiving generator processes (default 2)
  --step-seconds=N       sending time per step (default 5)
  --base-rate=N          first step, msg/s (default 50)
  --max-rate=N           the search never goes above (default 8000)
  --idle=N               idle signed-in connections for RSS per connection (default 5000)
  --storm=N              signed-in connections for the connect storm (default 15000)
  --restart=N            signed-in clients in the restart storm (default 10000, --quick 200)
  --scaling=LIST         process counts for the scaling phase (default 1,2,3; needs DATABASE_URL and Redis)
  --scaling-shape=LIST   ${SCALING_SHAPES.join(',')} (default both): one room of --subscribers, or as many
                         connections in --scaling-rooms rooms with one sender each
  --scaling-rooms=N      rooms of the many-rooms shape (default 100, --quick 10)
  --history-size=N       messages in the history benchmark's big room (default 1000000, --quick 20000)
  --search-size=N        messages the search phase fills (default 1000000, --quick 5000; minutes at full size)
  --search-stores=LIST   ${SEARCH_STORES.join(',')} (default both)
  --search-iterations=N  timed searches per query type (default 200, --quick 20)
  --out=DIR              results directory (default bench/results, bench/results/quick with --quick)
Env: DATABASE_URL (+ DATABASE_SCHEMA, default "bench") selects PostgreSQL, else PGlite in bench/.data/pglite;
the history phase always needs PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (schema bench_history);
any server setting (FANOUT_TICK_MS, COMMIT_MAX_WAIT_MS, ...) set in the environment is passed to our server.`;

export function parseArgs(args: string[]): BenchConfig {
  const quick = args.includes('--quick');
  const subscribers = num(flag(args, 'subscribers'), quick ? 40 : 1000);
  const storm = num(flag(args, 'storm'), quick ? 300 : 15_000);
  return {
    quick,
    targets: list(flag(args, 'only'), TARGET_IDS, 'only'),
    phases: quick && flag(args, 'phases') === undefined ? QUICK_PHASES : list(flag(args, 'phases'), PHASES, 'phases'),
    subscribers,
    senders: num(flag(args, 'senders'), quick ? 2 : 10),
    workers: num(flag(args, 'workers'), 2),
    stepSeconds: num(flag(args, 'step-seconds'), quick ? 2 : 5),
    baseRate: num(flag(args, 'base-rate'), quick ? 20 : 50),
    maxRate: num(flag(args, 'max-rate'), 8000),
    maxSteps: quick ? 1 : num(flag(args, 'max-steps'), 9),
    idleConnections: num(flag(args, 'idle'), quick ? 200 : 5000),
    stormConnections: storm,
    scalingProcesses: (flag(args, 'scaling') ?? (quick ? '1,2' : '1,2,3')).split(',').map(Number),
    scalingShapes: list(flag(args, 'scaling-shape'), SCALING_SHAPES, 'scaling-shape'),
    scalingRooms: num(flag(args, 'scaling-rooms'), quick ? 10 : 100),
    restartClients: num(flag(args, 'restart'), quick ? 200 : 10_000),
    accounts: Math.max(subscribers + 50, quick ? 100 : 1060),
    signinBurst: quick ? 10 : 50,
    historyRoomSize: num(flag(args, 'history-size'), quick ? 20_000 : 1_000_000),
    historyIterations: quick ? 30 : 2_000,
    searchSize: num(flag(args, 'search-size'), quick ? 5_000 : 1_000_000),
    searchStores: list(flag(args, 'search-stores'), SEARCH_STORES, 'search-stores'),
    searchIterations: num(flag(args, 'search-iterations'), quick ? 20 : 200),
    outDir: flag(args, 'out') ?? `${BENCH_DIR}results${quick ? '/quick' : ''}`,
  };
}
