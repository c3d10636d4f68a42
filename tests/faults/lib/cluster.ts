import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, portAccepts } from '../../helpers/private-services.js';
import { TEST_DEFAULTS } from '../../helpers/server.js';
import { REPO_ROOT } from './chat-process.js';
import { sleep } from './scenario-run.js';

const canBind = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

async function consecutiveFreePorts(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    let free = true;
    for (let i = 1; i < count && free; i++) free = await canBind(base + i);
    if (free && base + count <= 65535) return base;
  }
}

/**
 * `npm run cluster -- N` as an operator runs it (scripts/cluster.ts): N chat processes on consecutive
 * ports, restarted by the cluster when they die. The children's pids are read from its log lines.
 */
export class Cluster {
  private readonly pids = new Map<number, number>();
  private readonly exited: Promise<void>;

  private constructor(
    readonly basePort: number,
    readonly size: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.includes('cluster child started')) return;
      const entry = JSON.parse(line) as { child: number; child_pid: number };
      this.pids.set(entry.child, entry.child_pid);
    });
  }

  static async start(size: number, env: Record<string, string>, dir: string): Promise<Cluster> {
    const basePort = await consecutiveFreePorts(size);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts', String(size)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...TEST_DEFAULTS, LOG_LEVEL: 'warn', ...env, PORT: String(basePort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(dir, 'cluster.log'));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const cluster = new Cluster(basePort, size, child);
    for (let i = 0; i < size; i++) await cluster.waitListening(i, 60_000);
    return cluster;
  }

  port(index: number): number {
    return this.basePort + index;
  }

  get ports(): number[] {
    return Array.from({ length: this.size }, (_, i) => this.port(i));
  }

  /** Resolves once child `index` is a process that accepts connections. */
  async waitListening(index: number, timeoutMs: number, notPid?: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pid = this.pids.get(index);
      if (pid !== undefined && pid !== notPid && (await portAccepts(this.port(index)))) return;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`cluster child ${index} is not listening`);
      await sleep(100);
    }
  }

  /** kill -9 one child, as the OOM killer would; the cluster starts it again. Returns the dead pid. */
  kill9(index: number): number {
    const pid = this.pids.get(index);
    if (pid === undefined) throw new Error(`no pid for cluster child ${index}`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /**
   * SIGTERM to the cluster, which passes it to every child. Only if it hangs past the grace: SIGKILL to
   * it and to children still running our server (checked by command line: a pid may have been reused).
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, sleep(20_000)]);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    for (const pid of this.pids.values()) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/main.ts')) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
