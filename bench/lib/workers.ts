import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, ConnectCommand, ConnectReport, EndReport, PollReport, ProgressEvent, Reply } from '../loadgen/ipc.js';
import type { StormCommand } from '../restart/ipc.js';
import { treeCpuSeconds } from './proc.js';

const WORKER = fileURLToPath(new URL('../loadgen/worker.ts', import.meta.url));

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** One load-generator child process and a request/reply channel to it over IPC. */
export class Worker {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Latest connect progress, for the progress line. */
  progress = { connected: 0, failed: 0 };

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply | ProgressEvent) => {
      if ('event' in message) {
        this.progress = { connected: message.connected, failed: message.failed };
        return;
      }
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited with ${code}`));
      this.pending.clear();
    });
  }

  /** `script`: the generator's entry point (the chat load generator unless another is named). */
  static start(name: string, runId: string, script = WORKER): Worker {
    // The child inherits this process's execArgv, i.e. the tsx loader.
    const child = fork(script, [], { env: { ...process.env, BENCH_RUN_ID: runId }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Worker(name, child);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  cpuSeconds(): number {
    return treeCpuSeconds(this.pid);
  }

  request<T>(command: Command | StormCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, ...command });
    });
  }

  connect(command: Omit<ConnectCommand, 'cmd'>): Promise<ConnectReport> {
    return this.request({ cmd: 'connect', ...command });
  }

  poll(): Promise<PollReport> {
    return this.request({ cmd: 'poll' });
  }

  end(sent: number[]): Promise<EndReport> {
    return this.request({ cmd: 'end', sent });
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request({ cmd: 'exit' }).catch(() => undefined);
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 3000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
