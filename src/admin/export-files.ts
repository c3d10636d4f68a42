import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { BlobKind, BlobStore } from '../storage/blob-store.js';
import type { Database } from '../storage/schema.js';
import { CliError } from './context.js';
import { scopeFilter } from './export-format.js';

/**
 * An export's file bytes: beside FILE, the directory FILE.files/<kind>/<sha256>, one file per blob the
 * exported rows name (an upload's bytes and its thumbnail, a link preview's image). Content-addressed,
 * so a file attached twice is there once, and the JSON Lines stay text.
 */
export const filesDirOf = (exportPath: string) => `${exportPath}.files`;

const SHA256 = /^[0-9a-f]{64}$/;

/** Which blobs the exported rows name, per kind (a new kind of blob must say how it is exported). */
const NAMED_BLOBS: Record<BlobKind, (roomId: number | undefined) => RawBuilder<{ sha: string }>> = {
  file: (roomId) => sql`select distinct sha256 as sha from uploads where ${scopeFilter('attachment', roomId)}`,
  thumb: (roomId) => sql`select distinct sha256 as sha from uploads where width is not null and ${scopeFilter('attachment', roomId)}`,
  preview: (roomId) =>
    sql`select distinct image_sha256 as sha from link_previews where image_sha256 is not null and ${scopeFilter('preview', roomId)}`,
};
const KINDS = Object.keys(NAMED_BLOBS) as BlobKind[];

/**
 * Copies the blobs the snapshot's rows name into `dir` (emptied first). A blob the store lacks is reported
 * on stderr and left out (a thumbnail that was never made; bytes removed by hand): the rows still go.
 */
export async function exportBlobs(
  trx: Transaction<Database>,
  blobs: BlobStore,
  dir: string,
  roomId: number | undefined,
): Promise<Record<BlobKind, number>> {
  await rm(dir, { recursive: true, force: true });
  const counts = { file: 0, thumb: 0, preview: 0 };
  for (const kind of KINDS) {
    await mkdir(join(dir, kind), { recursive: true });
    const { rows } = await NAMED_BLOBS[kind](roomId).execute(trx);
    for (const { sha } of rows) {
      if ((await blobs.size(kind, sha)) === undefined) {
        process.stderr.write(`${kind} ${sha} is not in the file store: left out\n`);
        continue;
      }
      await pipeline(blobs.read(kind, sha), createWriteStream(join(dir, kind, sha)));
      counts[kind]++;
    }
  }
  return counts;
}

/**
 * Puts every blob of an export's files directory into the store (none when it has none). An uploaded
 * file's name is the SHA-256 of its bytes: bytes that do not match are refused, before any row is written.
 */
export async function importBlobs(dir: string, blobs: BlobStore): Promise<number> {
  let count = 0;
  for (const kind of KINDS) {
    const names = await readdir(join(dir, kind)).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(dir, kind, name);
      if (!SHA256.test(name)) throw new CliError(`${path}: not a blob of an export (its name is not a SHA-256)`);
      if (kind === 'file' && (await sha256Of(path)) !== name) throw new CliError(`${path} is damaged: its bytes do not match its name`);
      const temp = blobs.tempPath();
      await copyFile(path, temp);
      await blobs.put(kind, name, temp);
      count++;
    }
  }
  return count;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
