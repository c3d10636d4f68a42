import { once } from 'node:events';
import { chmod, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The local socket a PGlite server listens on inside DATA_DIR, so `npm run admin -- backup` works while
 * the server holds the directory. Its mode (0600: this OS user only) is the access control, as the data
 * directory's own permissions are. The exchange: the CLI writes one JSON line (`BackupRequest`); the
 * server answers one JSON line (`BackupAnswer`), then, when ok, exactly `bytes` bytes of .tar.gz.
 */
export const BACKUP_SOCKET_FILE = 'admin.sock';
export const backupSocketPath = (dataDir: string) => resolve(dataDir, BACKUP_SOCKET_FILE);
/** sockaddr_un.sun_path holds 108 bytes on Linux (104 on macOS), with the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 103;
export const socketPathFits = (path: string) => Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES;

export interface BackupRequest {
  op: 'backup';
}
export type BackupAnswer = { ok: true; bytes: number; held_ms: number } | { ok: false; error: string };

const MAX_REQUEST_BYTES = 1024;
const gzipAsync = promisify(gzip);

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
 * Listens on DATA_DIR/admin.sock. Whatever is at that path was left by a server that crashed (or came
 * back with a restored tarball): this process holds the DATA_DIR lock, so no other server can own it.
 * Undefined when the path is too long for a Unix socket (logged; the CLI then asks to stop the server).
 */
export async function listenBackupSocket(options: BackupSocketOptions): Promise<BackupSocket | undefined> {
  const path = backupSocketPath(options.dataDir);
  if (!socketPathFits(path)) {
    options.log.warn({ path }, 'DATA_DIR path too long for the admin socket; backup needs the server stopped');
    return undefined;
  }
  await rm(path, { force: true, recursive: true });
  const sockets = new Set<Socket>();
  let running = false;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A CLI that goes away mid-transfer is not this server's problem.
    socket.on('error', () => {});
    void serve(socket);
  });

  async function serve(socket: Socket): Promise<void> {
    const request = await readRequest(socket);
    if (request?.op !== 'backup') return answer(socket, { ok: false, error: 'unknown request' });
    if (running) return answer(socket, { ok: false, error: 'a backup is already running' });
    running = true;
    try {
      const started = performance.now();
      const tar = new Uint8Array(await (await options.dumpTar()).arrayBuffer());
      const heldMs = Math.round(performance.now() - started);
      // Compressed after the database is free again, on zlib's thread pool: chat goes on meanwhile.
      const archive = await gzipAsync(tar);
      answer(socket, { ok: true, bytes: archive.length, held_ms: heldMs }, archive);
      options.log.info({ bytes: archive.length, heldMs }, 'backup sent over the admin socket');
    } catch (error) {
      options.log.error({ err: error }, 'backup failed');
      answer(socket, { ok: false, error: `backup failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      running = false;
    }
  }

  // Only this user may connect: the socket is created 0600 (umask for the bind, which is synchronous).
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  await chmod(path, 0o600);
  return {
    path,
    close: async () => {
      server.close();
      for (const socket of sockets) socket.destroy();
      await rm(path, { force: true });
    },
  };
}

function answer(socket: Socket, header: BackupAnswer, body?: Uint8Array): void {
  socket.write(`${JSON.stringify(header)}\n`);
  if (body) socket.end(body);
  else socket.end();
}

/**
 * The first line, parsed; undefined when it is not JSON, longer than a request can be, or never ends.
 * (Not `for await`: leaving that loop would destroy the socket the answer goes to.)
 */
function readRequest(socket: Socket): Promise<BackupRequest | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const done = (request: BackupRequest | undefined) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      resolve(request);
    };
    const onEnd = () => done(undefined);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end < 0) return text.length > MAX_REQUEST_BYTES ? done(undefined) : undefined;
      try {
        done(JSON.parse(text.slice(0, end)) as BackupRequest);
      } catch {
        done(undefined);
      }
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}
