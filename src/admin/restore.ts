import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from '../config/env.js';
import { lockDataDir, lockFileOf } from '../storage/data-dir-lock.js';
import type { Args } from './args.js';
import { CliError } from './context.js';

/**
 * `restore FILE`: a PGlite backup (`backup` on PGlite) unpacked into DATA_DIR, which must be empty, so a
 * restore never mixes with or overwrites live data. Uploads come back with it (DATA_DIR/files is in the
 * tarball). PostgreSQL restores with pg_restore.
 */
export async function restoreCommand(args: Args): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  if (config.DATABASE_URL) throw new CliError('on PostgreSQL restore with: pg_restore --dbname=<DATABASE_URL> --clean --if-exists FILE', 2);
  const file = args.positional[0];
  if (!file) throw new CliError('restore FILE (into an empty DATA_DIR)', 2);
  const dir = config.DATA_DIR;
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new CliError(`DATA_DIR ${dir} is not empty: restore into an empty directory, then point DATA_DIR at it`);
  const release = await lockDataDir(dir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(dir, { loadDataDir: new Blob([await readFile(file)]) });
    const { rows } = await pglite.query<{ n: number }>('select count(*)::int as n from users');
    await pglite.close();
    // A backup taken by a running server holds that server's lock file: the lock is this restore's
    // again, so releasing it removes it and a server may start on the copy (even beside the original).
    await writeFile(lockFileOf(dir), `${process.pid}\n`);
    return `restored ${file} into ${dir}: ${rows[0]?.n ?? 0} accounts`;
  } finally {
    await release();
  }
}
