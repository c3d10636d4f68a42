import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { type BackupAnswer, type BackupRequest, backupSocketPath, socketPathFits } from '../http/backup-socket.js';
import type { Args } from './args.js';
import { backupPath, backupProgress, restoreHint } from './backup.js';
import { CliError } from './context.js';

const PROGRESS_STEP = 1 << 20;

/**
 * `backup --out DIR` while a PGlite server holds DATA_DIR: that server takes the dump (its one session runs
 * no query meanwhile, so the copy is consistent) and streams it over DATA_DIR/admin.sock. The file appears
 * under its final name only once every byte the server announced has arrived.
 */
export async function backupFromRunningServer(dataDir: string, args: Args, out: (line: string) => void): Promise<void> {
  const socketPath = backupSocketPath(dataDir);
  const stopFirst = `stop the server and run backup again (it then opens ${dataDir} itself)`;
  if (!socketPathFits(socketPath)) throw new CliError(`DATA_DIR's path is too long for the admin socket: ${stopFirst}`, 2);
  const path = await backupPath(args, 'pglite');
  const socket = await reach(socketPath, stopFirst);
  socket.write(`${JSON.stringify({ op: 'backup' } satisfies BackupRequest)}\n`);
  process.stderr.write('backup: the server is taking the dump\n');
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  try {
    const { answer, received } = await receive(socket, file);
    file.end();
    await once(file, 'close');
    if (received !== answer.bytes) throw new CliError(`the server closed the connection after ${received} of ${answer.bytes} bytes`);
    await rename(partial, path);
    out(`backup written to ${path} (${answer.bytes} bytes; the database paused ${answer.held_ms} ms); ${restoreHint(path)}`);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    socket.destroy();
  }
}

async function reach(path: string, stopFirst: string): Promise<Socket> {
  const socket = connect(path);
  try {
    await Promise.race([once(socket, 'connect'), once(socket, 'error').then(([error]) => Promise.reject(error))]);
    return socket;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // The server takes its socket away while it dumps: no socket may mean another backup is running.
    const busy = code === 'ENOENT' ? '; if another backup is running, try again when it is done' : '';
    throw new CliError(`a server holds DATA_DIR but does not answer on ${path} (${code}): ${stopFirst}${busy}`, 2);
  }
}

/** The answer line, then the archive's bytes into `file` with progress on stderr. */
async function receive(socket: Socket, file: NodeJS.WritableStream): Promise<{ answer: BackupAnswer & { ok: true }; received: number }> {
  let head = Buffer.alloc(0);
  let answer: (BackupAnswer & { ok: true }) | undefined;
  let received = 0;
  let reported = 0;
  for await (const chunk of socket) {
    let body = chunk as Buffer;
    if (!answer) {
      head = Buffer.concat([head, body]);
      const end = head.indexOf(10);
      if (end < 0) continue;
      const parsed = JSON.parse(head.subarray(0, end).toString('utf8')) as BackupAnswer;
      if (!parsed.ok) throw new CliError(`the server refused: ${parsed.error}`);
      answer = parsed;
      body = head.subarray(end + 1);
    }
    received += body.length;
    if (body.length > 0 && !file.write(body)) await once(file, 'drain');
    if (received - reported >= PROGRESS_STEP || received === answer.bytes) {
      process.stderr.write(backupProgress(received, answer.bytes));
      reported = received;
    }
  }
  if (!answer) throw new CliError('the server closed the connection without an answer');
  return { answer, received };
}
