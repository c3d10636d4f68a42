import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Private PostgreSQL and Redis servers a test may stop, kill, freeze and
 * restart. The shared ones on 5432/6379 serve every other suite running at
 * the same time and must never be disturbed.
 */

const run = promisify(execFile);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: everything in flight is lost, as in a crash. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server hangs with its sockets open. */
  freeze(): void;
  thaw(): void;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => portAccepts(port), `redis-server on ${port} accepting`);
  };
  const kill = async () => {
    const dying = child;
    child = undefined;
    if (!dying || dying.exitCode !== null) return;
    dying.kill('SIGCONT');
    dying.kill('SIGKILL');
    await new Promise((resolve) => dying.once('exit', resolve));
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
  };
}

export interface PrivatePostgres {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  start(): Promise<void>;
  /** pg_ctl stop: `immediate` is a crash (no checkpoint), `fast` a clean shutdown. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** SIGSTOP / SIGCONT on every server process: connections stay open and nothing answers. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  dispose(): Promise<void>;
}

/** PostgreSQL refuses to run as root; the cluster belongs to the `postgres` user when we are root. */
const asPostgres = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

async function postgresBin(name: string): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort();
  const newest = versions.at(-1);
  if (!newest) throw new Error('no PostgreSQL installation under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', newest, 'bin', name);
}

/** A throwaway PostgreSQL cluster on its own port (initdb takes a few seconds). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'cc-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const pgCtl = await postgresBin('pg_ctl');
  const pgCtlRun = async (args: string[]) => {
    const [command, argv] = asPostgres(pgCtl, args);
    await run(command, argv, { timeout: 60_000 });
  };
  const [initCommand, initArgs] = asPostgres(await postgresBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  await run(initCommand, initArgs, { timeout: 60_000 });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => {
    await pgCtlRun(['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
    await waitFor(() => portAccepts(port), `PostgreSQL on ${port} accepting`);
  };
  const stop = async (mode: 'immediate' | 'fast' = 'fast') => {
    await pgCtlRun(['-D', data, '-m', mode, '-w', 'stop']).catch(() => {});
  };
  const signalAll = async (signal: string) => {
    // The postmaster's children show their role, not the data directory, in their command line: signal them by parent.
    const { stdout } = await run('pgrep', ['-f', '--', data]).catch(() => ({ stdout: '' }));
    for (const pid of stdout.split('\n').filter(Boolean)) {
      await run('kill', [`-${signal}`, pid]).catch(() => {});
      await run('pkill', [`-${signal}`, '-P', pid]).catch(() => {});
    }
  };
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    freeze: () => signalAll('STOP'),
    thaw: () => signalAll('CONT'),
    dispose: async () => {
      await signalAll('CONT');
      await stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
