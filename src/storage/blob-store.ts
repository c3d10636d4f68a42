import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** What is kept: an uploaded file's bytes, its thumbnail, or a link preview's image; each named by the SHA-256 it derives from. */
export type BlobKind = 'file' | 'thumb' | 'preview';

/**
 * Where file bytes live. Local disk today; the shape is what an S3-compatible
 * store needs too: bytes arrive as a finished local file (uploads are
 * processed locally first: sniffed, cleaned, thumbnailed), are put under a
 * key in one step, read back whole or by byte range, and deleted.
 */
export interface BlobStore {
  /** A fresh path for work in progress, on the same file system as the blobs (so `put` is a rename). */
  tempPath(): string;
  /** Moves a finished local file under the key, atomically: a reader sees the whole blob or none. */
  put(kind: BlobKind, sha256: string, localPath: string): Promise<void>;
  /** Bytes in [start, end] (inclusive), or all of them. */
  read(kind: BlobKind, sha256: string, range?: { start: number; end: number }): Readable;
  /** The blob's size, or undefined when there is none. */
  size(kind: BlobKind, sha256: string): Promise<number | undefined>;
  delete(kind: BlobKind, sha256: string): Promise<void>;
  /** Blobs of a kind last put before `before` (a candidate list for garbage collection). */
  listOlderThan(kind: BlobKind, before: Date): Promise<string[]>;
  /**
   * Removes what crashes left in the temporary area: files untouched for `idleMs` (processes sharing the
   * store write theirs continuously while an upload runs, so a fresh one may be another process's).
   */
  clearTemp(idleMs: number): Promise<void>;
}

/** Where every server (and the admin CLI) keeps blobs: DATA_DIR/files. */
export const blobRootOf = (dataDir: string) => join(dataDir, 'files');

const SHA256 = /^[0-9a-f]{64}$/;
const SUFFIX: Record<BlobKind, string> = { file: '', thumb: '.webp', preview: '.webp' };

/**
 * DATA_DIR/files: `tmp/` for uploads in progress, `<kind>/<ab>/<sha256>` for
 * finished blobs. A crash mid-upload leaves at most a file in tmp/, which is
 * never served and is cleared at start. Several processes share files by
 * sharing this directory (one volume mounted on every host).
 */
export class LocalBlobStore implements BlobStore {
  private counter = 0;

  private constructor(private readonly root: string) {}

  static async open(root: string): Promise<LocalBlobStore> {
    const store = new LocalBlobStore(root);
    await mkdir(join(root, 'tmp'), { recursive: true });
    return store;
  }

  tempPath(): string {
    return join(this.root, 'tmp', `${process.pid}-${Date.now()}-${++this.counter}-${Math.random().toString(36).slice(2)}`);
  }

  async put(kind: BlobKind, sha256: string, localPath: string): Promise<void> {
    const target = this.path(kind, sha256);
    await mkdir(join(target, '..'), { recursive: true });
    // Same content, same name: renaming over an existing blob replaces it with identical bytes.
    await rename(localPath, target);
    // The mtime says "recently wanted": garbage collection leaves young blobs alone (see listOlderThan).
    const now = new Date();
    await utimes(target, now, now);
  }

  read(kind: BlobKind, sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(kind, sha256), range);
  }

  async size(kind: BlobKind, sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(kind, sha256))).size;
    } catch {
      return undefined;
    }
  }

  async delete(kind: BlobKind, sha256: string): Promise<void> {
    await rm(this.path(kind, sha256), { force: true });
  }

  async listOlderThan(kind: BlobKind, before: Date): Promise<string[]> {
    const base = join(this.root, kind);
    const found: string[] = [];
    for (const shard of await readdir(base).catch(() => [] as string[])) {
      for (const name of await readdir(join(base, shard)).catch(() => [] as string[])) {
        const sha = name.slice(0, 64);
        if (!SHA256.test(sha)) continue;
        const info = await stat(join(base, shard, name)).catch(() => undefined);
        if (info && info.mtime < before) found.push(sha);
      }
    }
    return found;
  }

  async clearTemp(idleMs: number): Promise<void> {
    const tmp = join(this.root, 'tmp');
    const before = Date.now() - idleMs;
    for (const name of await readdir(tmp).catch(() => [] as string[])) {
      const info = await stat(join(tmp, name)).catch(() => undefined);
      if (info && info.mtimeMs < before) await rm(join(tmp, name), { force: true, recursive: true });
    }
  }

  private path(kind: BlobKind, sha256: string): string {
    // The key is always a hash we computed, never a name from a client; checked anyway.
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
    return join(this.root, kind, sha256.slice(0, 2), `${sha256}${SUFFIX[kind]}`);
  }
}
