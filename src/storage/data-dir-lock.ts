import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories locked by this process, so a second server inside the same process is refused too. */
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/** The lock file: a copy of a held directory (a live backup) carries its owner's pid, which is not the copy's. */
export const lockFileOf = (dataDir: string) => join(dataDir, 'server.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerOf(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * PGlite is one PostgreSQL session inside one process; two processes on the
 * same directory would corrupt it. The lock is a file holding the owner's
 * pid, created exclusively. A lock whose pid is no longer running is stale
 * (the owner was killed) and is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = lockFileOf(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        if ((await ownerOf(path)) === process.pid) await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await ownerOf(path);
    const stale = owner === undefined ? false : owner === process.pid ? !heldHere.has(path) : !isAlive(owner);
    if (!stale) {
      throw new DataDirInUseError(
        `DATA_DIR ${dataDir} is in use by another server process (pid ${owner ?? 'unknown'}, see ${path}); ` +
          'PGlite serves one process: stop that one, or use another DATA_DIR (or PostgreSQL for several processes)',
      );
    }
    await unlink(path).catch(() => {});
  }
  throw new DataDirInUseError(`could not take the lock ${path}: another process keeps taking it`);
}
