import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import WebSocket from 'ws';
import { FileIntake, receiveToFile } from '../../src/domain/file-intake.js';
import { freePort, rssKiB, sleep } from '../lib/proc.js';
import { ServerProcess } from '../lib/server-process.js';
import { SERVER_ROOT } from '../lib/targets.js';

/**
 * `npx tsx bench/uploads/main.ts [--quick]`: upload throughput and server
 * memory while CLIENTS upload FILE_MIB each at once, against `cp` of the
 * same bytes on the same disk; then thumbnail time per megapixel. The server
 * uses PostgreSQL at BENCH_DATABASE_URL (a fresh schema) when set, else PGlite
 * (whose WebAssembly heap makes the idle RSS several hundred MiB larger).
 */
const quick = process.argv.includes('--quick');
const CLIENTS = quick ? 5 : 20;
const FILE_MIB = 10;
const MiB = 1024 * 1024;

const work = await mkdtemp(join(tmpdir(), 'bench-uploads-'));
const schema = `bench_uploads_${Date.now()}`;
const log = (line: string) => console.log(line);

async function signup(wsUrl: string, nickname: string): Promise<string> {
  const socket = new WebSocket(wsUrl);
  const frames: Array<{ kind: string; payload: Record<string, unknown> }> = [];
  const next = (kind: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const poll = () => {
        const found = frames.find((frame) => frame.kind === kind);
        if (found) resolve(found.payload);
        else setTimeout(poll, 5);
      };
      poll();
    });
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  const initial = await next('initial');
  socket.send(
    JSON.stringify({ kind: 'signup', payload: { connection_id: initial.connection_id, nickname, password: 'correct horse battery' } }),
  );
  const reply = await next('authorize');
  socket.close();
  return String(reply.token);
}

async function uploadPhase() {
  const files: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const path = join(work, `in-${i}.bin`);
    await writeFile(path, randomBytes(FILE_MIB * MiB));
    files.push(path);
  }
  const port = await freePort();
  const dataDir = join(work, 'data');
  const server = await ServerProcess.start({
    name: 'cerulean-chalice',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    env: {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      UPLOADS_PER_MINUTE: '10000',
      SIGNUPS_PER_MINUTE_PER_ADDRESS: '10000',
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    },
    port,
    logFile: join(work, 'server.log'),
    cwd: SERVER_ROOT,
  });
  try {
    const tokens = await Promise.all(files.map((_, i) => signup(`ws://127.0.0.1:${port}/connect`, `bench_${i}_${Date.now() % 100000}`)));
    const idleRss = rssKiB(server.nodePid);
    let peakRss = idleRss;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, rssKiB(server.nodePid));
        await sleep(20);
      }
    })();
    const started = performance.now();
    const statuses = await Promise.all(
      files.map(async (path, i) => {
        const form = new FormData();
        form.append('file', await openAsBlob(path), `in-${i}.bin`);
        const response = await fetch(`http://127.0.0.1:${port}/api/uploads`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i]}` },
          body: form,
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    if (statuses.some((status) => status !== 201)) throw new Error(`uploads answered ${statuses.join(',')}`);

    const copies = join(work, 'cp');
    await mkdir(copies);
    const cpStarted = performance.now();
    await Promise.all(
      files.map(
        (path, i) =>
          new Promise<void>((resolve, reject) =>
            spawn('cp', [path, join(copies, `out-${i}.bin`)]).once('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`cp ${code}`)),
            ),
          ),
      ),
    );
    const cpSeconds = (performance.now() - cpStarted) / 1000;
    const total = CLIENTS * FILE_MIB;
    return {
      store: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite',
      clients: CLIENTS,
      file_mib: FILE_MIB,
      upload_mib_per_s: Math.round((total / seconds) * 10) / 10,
      cp_mib_per_s: Math.round((total / cpSeconds) * 10) / 10,
      server_rss_idle_mib: Math.round(idleRss / 1024),
      server_rss_peak_mib: Math.round(peakRss / 1024),
    };
  } finally {
    await server.stop();
    if (process.env.BENCH_DATABASE_URL) {
      const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}

async function thumbnailPhase() {
  const intake = new FileIntake({ maxInputPixels: 90_000_000, thumbWidth: 800, thumbHeight: 600 }, () =>
    join(work, `t-${randomBytes(6).toString('hex')}`),
  );
  const rows: Array<{ megapixels: number; ms: number; ms_per_mp: number }> = [];
  for (const [width, height] of [
    [1000, 1000],
    [2000, 2000],
    [4000, 3000],
    [6000, 4000],
  ] as const) {
    const source = await sharp({
      create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    })
      .jpeg({ quality: 85 })
      .toBuffer();
    const timings: number[] = [];
    for (let round = 0; round < (quick ? 2 : 4); round++) {
      const path = join(work, `img-${width}-${round}.jpg`);
      await writeFile(path, source);
      const received = await receiveToFile(createReadStream(path), `${path}.in`);
      const started = performance.now();
      await intake.inspect(received);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const ms = timings[Math.floor(timings.length / 2)] as number;
    const megapixels = (width * height) / 1e6;
    rows.push({ megapixels, ms: Math.round(ms), ms_per_mp: Math.round((ms / megapixels) * 10) / 10 });
  }
  return rows;
}

try {
  log(`uploads: ${CLIENTS} clients × ${FILE_MIB} MiB at once`);
  const uploads = await uploadPhase();
  console.table([uploads]);
  log('thumbnails (JPEG in, sniff + metadata + 800×600 webp out; median)');
  const thumbnails = await thumbnailPhase();
  console.table(thumbnails);
  const out = join(SERVER_ROOT, 'bench', 'results', 'uploads.json');
  await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), uploads, thumbnails }, null, 2)}\n`);
  log(`written to ${out}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
