import { once } from 'node:events';
import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The local socket a PGlite server listens on inside DATA_DIR, so `npm run admin -- backup` works while
 * the server holds the directory. Its mode (0600: this OS user only) is the access control, as the data
 * directory's own permissions are. The exchange: the CLI writes one JSON line (`BackupRequest`); the
 * server answers one JSON line (`BackupAnswer`), then, when ok, the .tar.gz until it closes the connection.
 */
export const BACKUP_SOCKET_FILE = 'admin.sock';
export const backupSocketPath = (dataDir: string) => resolve(dataDir, BACKUP_SOCKET_FILE);
/** sockaddr_un.sun_path holds 108 bytes on Linux (104 on macOS), with the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 103;
export const socketPathFits = (path: string) => Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES;

export interface BackupRequest {
  op: 'backup';
}
/** When ok: the tarball's size before compression (the CLI checks what it unpacks against it). */
export type BackupAnswer = { ok: true; tar_bytes: number; held_ms: number } | { ok: false; error: string };

const MAX_REQUEST_BYTES = 1024;

export interface BackupSocketOptions {
  dataDir: string;
  /** The data directory as an uncompressed tarball, taken while the database runs no query. */
  dumpTar: () => Promise<Blob>;
  log: FastifyBaseLogger;
}

export interface BackupSocket {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * PGlite's file system refuses to walk a socket (EINVAL), so a dump of DATA_DIR must not meet one. A
 * server removes its own for the time of a dump; this removes one a killed server left, for a process
 * that holds the DATA_DIR lock (so the socket can be nobody else's).
 */
export const removeStaleBackupSocket = (dataDir: string) => rm(backupSocketPath(dataDir), { force: true });

/**
 * Listens on DATA_DIR/admin.sock, first removing whatever a killed server left there (this process holds
 * the DATA_DIR lock). Undefined when the path is too long for a Unix socket (logged; the CLI then asks to
 * stop the server). During a dump the socket file is away (see removeStaleBackupSocket): a second CLI
 * finds none and is told to try again.
 */
export async function listenBackupSocket(options: BackupSocketOptions): Promise<BackupSocket | undefined> {
  const path = backupSocketPath(options.dataDir);
  if (!socketPathFits(path)) {
    options.log.warn({ path }, 'DATA_DIR path too long for the admin socket; backup needs the server stopped');
    return undefined;
  }
  const sockets = new Set<Socket>();
  let closed = false;
  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A CLI that goes away mid-transfer is not this server's problem.
    socket.on('error', () => {});
    void serve(socket);
  };
  await removeStaleBackupSocket(options.dataDir);
  let server = await bind(path, onConnection, options.log);

  const rebind = async () => {
    if (closed) return;
    try {
      server = await bind(path, onConnection, options.log);
    } catch (error) {
      options.log.error({ err: error }, 'admin socket not bound again: backups need the server stopped until it restarts');
    }
  };

  let running = false;
  async function serve(socket: Socket): Promise<void> {
    const request = await readJsonLine<BackupRequest>(socket);
    if (request?.op !== 'backup') return answer(socket, { ok: false, error: 'unknown request' });
    // Two CLIs connected before the socket went away: one dump at a time.
    if (running) return answer(socket, { ok: false, error: 'a backup is already running' });
    running = true;
    let tar: Blob;
    try {
      // Unlinked, the listener takes no new connection; this one goes on. Bound again after the dump.
      server.close();
      await rm(path, { force: true });
      const started = performance.now();
      try {
        tar = await dumpWithRetries(options.dumpTar);
      } finally {
        await rebind();
      }
      answer(socket, { ok: true, tar_bytes: tar.size, held_ms: Math.round(performance.now() - started) });
    } catch (error) {
      running = false;
      options.log.error({ err: error }, 'backup failed');
      return answer(socket, { ok: false, error: `backup failed: ${error instanceof Error ? error.message : String(error)}` }, true);
    }
    try {
      // Compressed as it goes out, after the database is free again, on zlib's thread pool: chat goes on
      // meanwhile, and no compressed copy is held. Level 1: the CPU is the chat's, the size matters less.
      await pipeline(Readable.fromWeb(tar.stream() as WebReadableStream), createGzip({ level: 1 }), socket);
      options.log.info({ tarBytes: tar.size }, 'backup sent over the admin socket');
    } catch (error) {
      options.log.warn({ err: error }, 'backup not delivered: the connection ended early');
    } finally {
      running = false;
    }
  }

  return {
    path,
    close: async () => {
      closed = true;
      server.close();
      for (const socket of sockets) socket.destroy();
      await rm(path, { force: true });
    },
  };
}

/**
 * The walk lists a directory, then reads each entry: a file that goes in between (an upload finishing
 * its rename out of files/tmp, the sweep removing a blob; both on other threads) fails that walk. The
 * next walk sees the new state.
 */
async function dumpWithRetries(dumpTar: () => Promise<Blob>, attempts = 3): Promise<Blob> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dumpTar();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** Only this OS user may connect: the socket is created 0600 (umask for the bind, which is synchronous). */
async function bind(path: string, onConnection: (socket: Socket) => void, log: FastifyBaseLogger): Promise<Server> {
  const server = createServer(onConnection);
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  await chmod(path, 0o600);
  server.on('error', (error) => log.warn({ err: error }, 'admin socket error'));
  return server;
}

function answer(socket: Socket, header: BackupAnswer, last = header.ok === false): void {
  socket.write(`${JSON.stringify(header)}\n`);
  if (last) socket.end();
}

/**
 * The first line of what a socket sends, parsed (both sides use it: the request, the answer); undefined
 * when it is not JSON, longer than `maxBytes`, or never ends. What follows the line is put back and the
 * socket left paused, so the caller reads (or pipes) the rest from the socket itself. (Not `for await`:
 * leaving that loop would destroy the socket.)
 */
export function readJsonLine<T>(socket: Socket, maxBytes = MAX_REQUEST_BYTES): Promise<T | undefined> {
  return new Promise((resolve) => {
    let head = Buffer.alloc(0);
    const done = (value: T | undefined) => {
      socket.pause();
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      resolve(value);
    };
    const onEnd = () => done(undefined);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(10);
      if (end < 0) return head.length > maxBytes ? done(undefined) : undefined;
      let value: T | undefined;
      try {
        value = JSON.parse(head.subarray(0, end).toString('utf8')) as T;
      } catch {
        value = undefined;
      }
      done(value);
      // After `done`: unshifted while this listener still flowed, the rest would come straight back to it.
      if (end + 1 < head.length) socket.unshift(head.subarray(end + 1));
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}
