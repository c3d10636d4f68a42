import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './private-services.js';
import { TEST_DEFAULTS } from './server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  readonly process: ChildProcess;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  /** Everything the server wrote to stderr so far (stdout is left to the caller's `stdout` choice). */
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
}

export interface ChildServerOptions {
  /** 'ignore' (default), or 'pipe' to get a pipe the test may leave unread. */
  stdout?: 'ignore' | 'pipe';
  /** Resolve once the process has started, without waiting for it to answer HTTP. */
  noWait?: boolean;
}

/** `npm start` as a real process (node --import tsx src/main.ts) on a free port, configured by `env`. */
export async function startChildServer(env: Record<string, string>, options: ChildServerOptions = {}): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...TEST_DEFAULTS, HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const server: ChildServer = {
    process: child,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/connect`,
    stderr: () => stderr,
    exited,
  };
  if (options.noWait) return server;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before answering: ${stderr}`);
    const up = await fetch(`${server.url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer on ${port} within 60 s: ${stderr}`);
}

/** Stops a child that a test left running (SIGKILL: the test is over). */
export async function killChild(server: ChildServer | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return;
  server.process.kill('SIGKILL');
  await server.exited;
}
