import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_ID } from '../../src/protocol/message.js';
import { upload } from '../files/file-fixtures.js';
import { runAdminCli } from '../helpers/admin-cli.js';
import { type ChildServer, killChild, startChildServer } from '../helpers/child-server.js';
import { TestClient, uniqueNickname } from '../helpers/client.js';

const TEST_MS = 600_000;
const SENDERS = 4;
const IN_FLIGHT = 8;
const SEED_MESSAGES = 10_000;
const UPLOADS = 4;
const UPLOAD_BYTES = 4 << 20;
const PASSWORD = 'correct horse battery';

/** Keeps a few messages in flight and times each one from send to ack; stops when told. */
function timedSender(client: TestClient, index: number) {
  const sentAt = new Map<string, number>();
  const acks = new Map<string, { at: number; seq: number }>();
  const refusals: unknown[] = [];
  client.onFrame((frame) => {
    const requestId = (frame.payload as { request_id?: string }).request_id;
    if (!requestId?.startsWith('t')) return;
    if (frame.kind === 'ack') acks.set(requestId, { at: performance.now(), seq: frame.payload.seq });
    else refusals.push(frame.payload);
  });
  let stopped = false;
  let stoppedAt = 0;
  let n = 0;
  const done = (async () => {
    while (!stopped || sentAt.size > acks.size + refusals.length) {
      if (!stopped && sentAt.size - acks.size - refusals.length < IN_FLIGHT) {
        const id = `t${index}-${n++}`;
        sentAt.set(id, performance.now());
        client.send('message', { content: `message ${id}`, client_id: id, request_id: id });
      } else {
        if (client.closed) throw new Error(`sender ${index} lost its socket`);
        if (stopped && performance.now() - stoppedAt > 30_000) throw new Error(`sender ${index}: messages never acknowledged`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  })();
  return {
    sentAt,
    acks,
    refusals,
    done,
    stop: () => {
      stopped = true;
      stoppedAt = performance.now();
      return done;
    },
  };
}

/** Every message content in the default room, paging forward through its history. */
async function roomContents(client: TestClient): Promise<Set<string>> {
  const contents = new Set<string>();
  let afterSeq = 0;
  for (;;) {
    const page = await client.expectReply('history', { room_id: DEFAULT_ROOM_ID, after_seq: afterSeq, limit: 100 }, 'history');
    for (const message of page.messages) contents.add(message.content);
    if (!page.has_more_after || page.messages.length === 0) return contents;
    afterSeq = page.messages.at(-1)?.seq as number;
  }
}

async function signIn(wsUrl: string, nickname: string): Promise<TestClient> {
  const client = await TestClient.connect(wsUrl);
  client.send('signin', { nickname, password: PASSWORD });
  await client.next('authorize', (p) => p.allowed, 15_000);
  return client;
}

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

describe('backup while a PGlite server runs', () => {
  let dir: string;
  const children: ChildServer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-live-backup-'));
  });
  afterAll(async () => {
    for (const child of children) await killChild(child);
    await rm(dir, { recursive: true, force: true });
  });
  const start = async (dataDir: string) => {
    const child = await startChildServer({
      DATA_DIR: dataDir,
      MESSAGES_PER_SECOND: '100000',
      MESSAGES_BURST: '100000',
      FRAMES_PER_SECOND: '100000',
      FRAMES_BURST: '100000',
    });
    children.push(child);
    return child;
  };

  it(
    'the running server streams a tarball over DATA_DIR/admin.sock while chat goes on; it restores with every message acknowledged before',
    async () => {
      const dataDir = join(dir, 'live');
      const server = await start(dataDir);
      const socket = await stat(join(dataDir, 'admin.sock'));
      expect(socket.isSocket()).toBe(true);
      expect(socket.mode & 0o777).toBe(0o600);

      // Other commands still need the directory: they say so and change nothing.
      const refused = await runAdminCli({ DATA_DIR: dataDir }, ['list-users']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/the server must be stopped first.*only backup works while it runs/);

      // A directory with some history and some files in it.
      const clients = await Promise.all(
        Array.from({ length: SENDERS }, async () => (await TestClient.connect(server.wsUrl)).signup(uniqueNickname('keeper'), PASSWORD)),
      );
      for (let i = 0; i < UPLOADS; i++) {
        const file = await upload(server.url, clients[0]?.token as string, `photo-${i}.bin`, randomBytes(UPLOAD_BYTES));
        expect(file.status).toBe(201);
        await clients[0]?.expectReply('message', { content: `file ${i}`, attachments: [file.body.file_id] }, 'ack');
      }
      const senders = clients.map((client, index) => timedSender(client, index));
      while (senders.reduce((sum, sender) => sum + sender.acks.size, 0) < SEED_MESSAGES) await new Promise((r) => setTimeout(r, 50));
      const dataBytes = await sizeOf(dataDir);

      // The backup, with messages flowing throughout.
      const backupStart = performance.now();
      const ackedBefore = senders.flatMap((sender) => [...sender.acks.keys()]);
      const backup = await runAdminCli({ DATA_DIR: dataDir }, ['backup', '--out', join(dir, 'backups')]);
      const backupEnd = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await Promise.all(senders.map((sender) => sender.stop()));
      expect(backup.stderr).toMatch(/backup: \d+ of \d+ MiB/);
      expect(backup).toMatchObject({ code: 0 });

      // Nothing refused, every message acknowledged; how long the slowest waited while the backup ran.
      expect(senders.flatMap((sender) => sender.refusals)).toEqual([]);
      const latencies = (from: number, to: number) =>
        senders.flatMap((sender) =>
          [...sender.sentAt].filter(([, at]) => at >= from && at <= to).map(([id, at]) => (sender.acks.get(id)?.at as number) - at),
        );
      const during = latencies(backupStart, backupEnd);
      const before = latencies(0, backupStart);
      expect(during.length).toBeGreaterThan(0);
      const paused = Number(/paused (\d+) ms/.exec(backup.stdout)?.[1]);
      console.log(
        `live backup of a ${(dataBytes / 2 ** 20).toFixed(0)} MiB DATA_DIR took ${(backupEnd - backupStart).toFixed(0)} ms ` +
          `(database paused ${paused} ms); ${during.length} messages sent meanwhile, slowest ack ${Math.max(...during).toFixed(0)} ms ` +
          `(before the backup: ${Math.max(...before).toFixed(0)} ms)`,
      );
      // The socket was away during the dump (PGlite's walk refuses one) and is back, still 0600.
      expect(((await stat(join(dataDir, 'admin.sock'))).mode & 0o777).toString(8)).toBe('600');
      const everything = await roomContents(clients[1] as TestClient);
      for (const sender of senders) for (const id of sender.acks.keys()) expect(everything.has(`message ${id}`)).toBe(true);

      // Restored into an empty DATA_DIR (while the original still runs) and served: everything acknowledged before is there.
      const [file] = await readdir(join(dir, 'backups'));
      expect(file).toMatch(/^chat-pglite-.*\.tar\.gz$/);
      const restoredDir = join(dir, 'restored');
      const restored = await runAdminCli({ DATA_DIR: restoredDir }, ['restore', join(dir, 'backups', file as string)]);
      expect(restored).toMatchObject({ code: 0 });
      const copy = await start(restoredDir);
      const reader = await signIn(copy.wsUrl, clients[2]?.nickname as string);
      const kept = await roomContents(reader);
      expect(ackedBefore.filter((id) => !kept.has(`message ${id}`))).toEqual([]);
      for (let i = 0; i < UPLOADS; i++) expect(kept.has(`file ${i}`)).toBe(true);
    },
    TEST_MS,
  );

  it(
    'a transfer cut short leaves no backup behind: the CLI checks the gzip and the announced size',
    async () => {
      // A server process that holds the lock (this test's own pid) and answers with half a tarball.
      const dataDir = join(dir, 'cut');
      await mkdir(dataDir, { recursive: true });
      await writeFile(join(dataDir, 'server.lock'), `${process.pid}\n`);
      const tar = randomBytes(256 << 10);
      const gz = gzipSync(tar);
      const server = createServer((socket) => {
        socket.once('data', () => {
          socket.write(`${JSON.stringify({ ok: true, tar_bytes: tar.length, held_ms: 1 })}\n`);
          socket.end(gz.subarray(0, gz.length >> 1));
        });
      });
      await new Promise<void>((resolve) => server.listen(join(dataDir, 'admin.sock'), resolve));
      try {
        const out = join(dir, 'cut-backups');
        const backup = await runAdminCli({ DATA_DIR: dataDir }, ['backup', '--out', out]);
        expect(backup.code).toBe(1);
        expect(backup.stderr).toMatch(/the backup arrived damaged or cut short .*run it again/);
        expect(await readdir(out)).toEqual([]);
      } finally {
        server.close();
      }
    },
    TEST_MS,
  );

  it(
    'a server killed without cleaning up leaves its socket; the next one on the directory replaces it and answers backups',
    async () => {
      const dataDir = join(dir, 'crashed');
      const first = await start(dataDir);
      await (await TestClient.connect(first.wsUrl)).signup(uniqueNickname('crash'), PASSWORD);
      first.process.kill('SIGKILL');
      await first.exited;
      expect((await stat(join(dataDir, 'admin.sock'))).isSocket()).toBe(true);
      // Nobody holds the lock: the CLI opens the directory itself, and its dump does not meet the dead socket.
      expect((await runAdminCli({ DATA_DIR: dataDir }, ['list-users'])).code).toBe(0);
      const offline = await runAdminCli({ DATA_DIR: dataDir }, ['backup', '--out', join(dir, 'after-crash')]);
      expect(offline).toMatchObject({ code: 0 });
      expect(offline.stdout).not.toMatch(/paused/);

      const second = await start(dataDir);
      const backup = await runAdminCli({ DATA_DIR: dataDir }, ['backup', '--out', join(dir, 'after-crash')]);
      expect(backup).toMatchObject({ code: 0 });
      expect(backup.stdout).toMatch(/the database paused \d+ ms/);

      // SIGTERM: the socket goes with the server.
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      await expect(stat(join(dataDir, 'admin.sock'))).rejects.toMatchObject({ code: 'ENOENT' });
    },
    TEST_MS,
  );
});
