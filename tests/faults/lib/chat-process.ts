import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerProcess } from '../../../bench/lib/server-process.js';
import { freePort } from '../../helpers/private-services.js';
import { TEST_DEFAULTS } from '../../helpers/server.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every variable that picks a store or bus, blank unless a scenario sets it: the caller's own environment must not leak in. */
const STORE_KEYS = { DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: '', REDIS_URL: '' };

/** A directory for one scenario's logs and rendered configuration; kept after the run for diagnosis. */
export function scenarioDir(scenario: string): string {
  return mkdtempSync(join(tmpdir(), `cc-faults-${scenario}-`));
}

/**
 * One chat server as `npm start` runs it (`node --import tsx src/main.ts`, configured by environment
 * variables), in its own process, so a test can kill -9 it, SIGTERM it and start it again on the same port.
 */
export class ChatProcess {
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    private current: ServerProcess,
  ) {}

  static async start(name: string, env: Record<string, string>, dir: string, port?: number): Promise<ChatProcess> {
    const chosen = port ?? (await freePort());
    const fullEnv = { ...TEST_DEFAULTS, LOG_LEVEL: 'warn', ...STORE_KEYS, ...env };
    const logFile = join(dir, `${name}.log`);
    const server = await ServerProcess.start(ChatProcess.spec(name, chosen, fullEnv, logFile));
    return new ChatProcess(name, chosen, fullEnv, logFile, server);
  }

  private static spec(name: string, port: number, env: Record<string, string>, logFile: string) {
    return { name, command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'], env, port, logFile, cwd: REPO_ROOT };
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/connect`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.current.alive;
  }

  get pid(): number {
    return this.current.pid;
  }

  rssKiB(): number {
    return this.current.rssKiB();
  }

  /** A crash: SIGKILL, nothing flushed, nothing closed. */
  async kill9(): Promise<void> {
    this.current.signal('SIGKILL');
    await this.current.waitExit(10_000);
  }

  /** A deploy's stop: SIGTERM, then how long the process took to exit (undefined if it had not within `waitMs`). */
  async terminate(waitMs: number): Promise<{ ms: number; code: number | null } | undefined> {
    const started = performance.now();
    this.current.signal('SIGTERM');
    const exit = await this.current.waitExit(waitMs);
    if (!exit) return undefined;
    return { ms: Math.round(performance.now() - started), code: exit.code };
  }

  /** Starts the server again on the same port and data, after a crash or a stop; resolves once it listens. */
  async restart(): Promise<number> {
    if (this.current.alive) throw new Error(`${this.name} is still running`);
    this.current = await ServerProcess.start(ChatProcess.spec(this.name, this.port, this.env, this.logFile));
    return this.current.startupMs;
  }

  /** Throws with the end of the log when the process died on its own. */
  assertAlive(): void {
    this.current.assertAlive();
  }

  /** Stops it for good (SIGTERM, SIGKILL after the grace period). */
  async stop(): Promise<void> {
    await this.current.stop(15_000);
  }
}
