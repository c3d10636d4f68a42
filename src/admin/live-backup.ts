import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { type BackupAnswer, type BackupRequest, backupSocketPath, readJsonLine, socketPathFits } from '../http/backup-socket.js';
import type { Args } from './args.js';
import { backupPath, backupProgress, restoreHint } from './backup.js';
import { CliError } from './context.js';

const PROGRESS_STEP = 1 << 20;

/**
 * `backup --out DIR` while a PGlite server holds DATA_DIR: that server takes the dump (its one session runs
 * no query meanwhile, so the copy is consistent) and streams it over DATA_DIR/admin.sock. The file appears
 * under its final name only once the whole tarball the server announced has arrived intact.
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
  try {
    const answer = await readJsonLine<BackupAnswer>(socket);
    if (!answer) throw new CliError('the server closed the connection without an answer');
    if (!answer.ok) throw new CliError(`the server refused: ${answer.error}`);
    const written = await receive(socket, partial, answer.tar_bytes);
    await rename(partial, path);
    out(`backup written to ${path} (${written} bytes; the database paused ${answer.held_ms} ms); ${restoreHint(path)}`);
  } catch (error) {
    await rm(partial, { force: true });
    // A connection reset (the server stopped mid-transfer) is a refusal to report, not a bug.
    throw error instanceof CliError ? error : new CliError(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
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

/**
 * The .tar.gz into `path` until the server closes; the same bytes also go through gunzip, so progress
 * counts the tarball unpacked and a stream cut short or damaged fails here (gunzip's end check, the size
 * the server announced), not at restore time. Returns the bytes written.
 */
async function receive(socket: Socket, path: string, tarBytes: number): Promise<number> {
  const file = createWriteStream(path);
  const check = createGunzip();
  let unpacked = 0;
  let reported = 0;
  check.on('data', (chunk: Buffer) => {
    unpacked += chunk.length;
    if (unpacked - reported >= PROGRESS_STEP) {
      process.stderr.write(backupProgress(unpacked, tarBytes));
      reported = unpacked;
    }
  });
  // pipe(), not pipeline(): one source into two, paused while either is full.
  socket.pipe(file);
  socket.pipe(check);
  // pipe() ends both when the server ends; a connection that breaks instead must end them too.
  const received = finished(socket, { writable: false }).catch((error: Error) => {
    file.destroy(error);
    check.destroy(error);
  });
  const [saved, unpackedAll] = await Promise.allSettled([finished(file), finished(check), received]);
  if (saved.status === 'rejected') throw saved.reason;
  if (unpackedAll.status === 'rejected' || unpacked !== tarBytes) {
    const why = unpackedAll.status === 'rejected' ? String(unpackedAll.reason) : `${unpacked} of ${tarBytes} bytes`;
    throw new CliError(`the backup arrived damaged or cut short (${why}); run it again`);
  }
  if (reported !== unpacked) process.stderr.write(backupProgress(unpacked, tarBytes));
  return file.bytesWritten;
}
