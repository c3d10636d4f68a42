import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/env.js';
import type { Args } from './args.js';
import { type AdminContext, CliError } from './context.js';

const CHUNK = 1 << 20;
const stamp = () =>
  new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');

/**
 * `backup --out DIR`. PGlite: `dumpDataDir` (a gzipped tarball of the data directory, taken by the one
 * session, so consistent); restore by starting a server on an empty DATA_DIR with `restore`. PostgreSQL:
 * `pg_dump` in its custom format (a consistent snapshot while servers run); restore with `pg_restore`.
 * Progress on stderr: megabytes written.
 */
export async function backupCommand(ctx: AdminContext, args: Args): Promise<void> {
  const dir = args.options.get('out');
  if (!dir) throw new CliError('backup --out DIR', 2);
  await mkdir(dir, { recursive: true });
  if (ctx.store.dumpDataDir) {
    const path = join(dir, `chat-pglite-${stamp()}.tar.gz`);
    const dump = new Uint8Array(await (await ctx.store.dumpDataDir()).arrayBuffer());
    const out = createWriteStream(path);
    for (let at = 0; at < dump.length; at += CHUNK) {
      if (!out.write(dump.subarray(at, at + CHUNK))) await once(out, 'drain');
      process.stderr.write(`backup: ${Math.min(dump.length, at + CHUNK) >> 20} of ${dump.length >> 20} MiB\n`);
    }
    out.end();
    await once(out, 'close');
    ctx.out(`backup written to ${path} (${dump.length} bytes); restore: npm run admin -- restore ${path} (into an empty DATA_DIR)`);
    return;
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  const path = join(dir, `chat-postgres-${stamp()}.dump`);
  const schema = config.DATABASE_SCHEMA ?? 'public';
  const child = spawn('pg_dump', ['--format=custom', '--verbose', `--schema=${schema}`, `--file=${path}`, config.DATABASE_URL as string], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await Promise.race([once(child, 'exit'), once(child, 'error').then(([error]) => [error])])) as [number | Error];
  if (code instanceof Error) throw new CliError(`pg_dump could not run (${code.message}); install the PostgreSQL client tools`);
  if (code !== 0) throw new CliError(`pg_dump failed (exit ${code})`);
  ctx.out(`backup written to ${path}; restore: pg_restore --dbname=<DATABASE_URL> --clean --if-exists ${path}`);
}
