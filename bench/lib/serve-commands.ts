import type { Reply } from '../loadgen/ipc.js';

/** A generator child process's side of the IPC channel: each command is handled and answered by id; the process ends with its parent. */
export function serveCommands<C extends { cmd: string }>(handle: (command: C) => Promise<unknown>): void {
  process.on('message', (message: { id: number } & C) => {
    handle(message).then(
      (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
      (error: unknown) =>
        process.send?.({ id: message.id, ok: false, error: String(error instanceof Error ? error.stack : error) } satisfies Reply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
