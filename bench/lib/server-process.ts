import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canConnect, findNodeProcess, groupRunning, rssKiB, sleep, treeCpuSeconds } from './proc.js';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  logFile: string;
  cwd: string;
}

/**
 * A server under test, started as a user would start it (a child process
 * with env), in its own process group so nothing of it outlives the bench.
 */
export class ServerProcess {
  /** Milliseconds from spawn to accepting TCP connections. */
  startupMs = 0;
  /** The node process that runs the server (inside tsx / npm). */
  nodePid = 0;
  private exited = false;
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;

  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
  ) {
    child.once('exit', (code, signal) => {
      this.exited = true;
      this.exitCode = code;
      this.exitSignal = signal;
    });
    // e.g. a missing cwd or command: report it as an exit, not as an unhandled 'error' event.
    child.once('error', () => {
      this.exited = true;
      this.exitCode = -1;
    });
  }

  static async start(spec: ServerSpec, timeoutMs = 60_000): Promise<ServerProcess> {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    const started = performance.now();
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, PORT: String(spec.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const server = new ServerProcess(spec, child);
    while (!(await canConnect(spec.port))) {
      if (server.exited) throw new Error(`${spec.name} exited with ${server.exitCode} before listening; see ${spec.logFile}`);
      if (performance.now() - started > timeoutMs) {
        await server.stop();
        throw new Error(`${spec.name} did not listen within ${timeoutMs} ms; see ${spec.logFile}`);
      }
      await sleep(10);
    }
    server.startupMs = Math.round(performance.now() - started);
    server.nodePid = findNodeProcess(child.pid as number);
    return server;
  }

  /** Throws when the server died (e.g. crashed) during a phase, with the end of its log. */
  assertAlive(): void {
    if (!this.exited) return;
    let tail = '';
    try {
      tail = readFileSync(this.spec.logFile, 'utf8').split('\n').slice(-12).join('\n');
    } catch {
      // no log
    }
    throw new Error(`${this.spec.name} exited with code ${this.exitCode} during the phase; end of ${this.spec.logFile}:\n${tail}`);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** CPU seconds of the whole server tree (tsx wrapper, node, esbuild service). */
  cpuSeconds(): number {
    return treeCpuSeconds(this.pid);
  }

  rssKiB(): number {
    return rssKiB(this.nodePid);
  }

  /** Sends a signal to the top process only (e.g. SIGKILL for a crash, SIGTERM for a deploy). */
  signal(signal: NodeJS.Signals): void {
    if (!this.exited) this.child.kill(signal);
  }

  /** How the process ended, once it has: undefined while it still runs after `timeoutMs`. */
  async waitExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (!this.exited && performance.now() < deadline) await sleep(10);
    return this.exited ? { code: this.exitCode, signal: this.exitSignal } : undefined;
  }

  /**
   * SIGTERM to the top process (tsx and npm relay it), then SIGKILL to the group after a grace period.
   * The wait is for the whole group: npm exits as soon as it has relayed the signal, while the server
   * it started is still shutting down (and, on PGlite, still holding its data directory).
   */
  async stop(graceMs = 20_000): Promise<{ graceful: boolean; ms: number }> {
    const started = performance.now();
    if (this.exited && !groupRunning(this.pid)) return { graceful: true, ms: 0 };
    this.child.kill('SIGTERM');
    const running = () => !this.exited || groupRunning(this.pid);
    while (running() && performance.now() - started < graceMs) await sleep(20);
    const graceful = !running();
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    while (!this.exited) await sleep(20);
    return { graceful, ms: Math.round(performance.now() - started) };
  }
}
