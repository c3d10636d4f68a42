import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/env.js';
import { removeStaleBackupSocket } from '../http/backup-socket.js';
import type { Args } from './args.js';
import { type AdminContext, CliError } from './context.js';

const CHUNK = 1 << 20;
const stamp = () =>
  new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');

const EXTENSION = { pglite: '.tar.gz', postgres: '.dump' } as const;

/** Where a backup goes in DIR (made if missing), named by the store and the time it was taken. */
export async function backupPath(args: Args, store: keyof typeof EXTENSION): Promise<string> {
  const dir = args.options.get('out');
  if (!dir) throw new CliError('backup --out DIR', 2);
  await mkdir(dir, { recursive: true });
  return join(dir, `chat-${store}-${stamp()}${EXTENSION[store]}`);
}

export const backupProgress = (done: number, total: number) => `backup: ${done >> 20} of ${total >> 20} MiB\n`;
export const restoreHint = (path: string) => `restore: npm run admin -- restore ${path} (into an empty DATA_DIR)`;

/**
 * `backup --out DIR` with the store opened here (for a PGlite directory a running server holds, see
 * live-backup.ts). PGlite: `dumpDataDir` (a gzipped tarball of the data directory, uploads included, taken
 * by the one session, so consistent); restore into an empty DATA_DIR with `restore`. PostgreSQL: `pg_dump`
 * in its custom format (a consistent snapshot while servers run); restore with `pg_restore`.
 * Progress on stderr: megabytes written.
 */
export async function backupCommand(ctx: AdminContext, args: Args): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  if (ctx.store.dumpDataDir) {
    const path = await backupPath(args, 'pglite');
    await removeStaleBackupSocket(config.DATA_DIR);
    const dump = new Uint8Array(await (await ctx.store.dumpDataDir('gzip')).arrayBuffer());
    const out = createWriteStream(path);
    for (let at = 0; at < dump.length; at += CHUNK) {
      if (!out.write(dump.subarray(at, at + CHUNK))) await once(out, 'drain');
      process.stderr.write(backupProgress(Math.min(dump.length, at + CHUNK), dump.length));
    }
    out.end();
    await once(out, 'close');
    ctx.out(`backup written to ${path} (${dump.length} bytes); ${restoreHint(path)}`);
    return;
  }
  const path = await backupPath(args, 'postgres');
  const schema = config.DATABASE_SCHEMA ?? 'public';
  const child = spawn('pg_dump', ['--format=custom', '--verbose', `--schema=${schema}`, `--file=${path}`, config.DATABASE_URL as string], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await Promise.race([once(child, 'exit'), once(child, 'error').then(([error]) => [error])])) as [number | Error];
  if (code instanceof Error) throw new CliError(`pg_dump could not run (${code.message}); install the PostgreSQL client tools`);
  if (code !== 0) throw new CliError(`pg_dump failed (exit ${code})`);
  ctx.out(`backup written to ${path}; restore: pg_restore --dbname=<DATABASE_URL> --clean --if-exists ${path}`);
}
