import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { WindowCounter } from '../lib/rate.js';
import type { Attachment } from '../protocol/message.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Database } from '../storage/schema.js';
import {
  deleteUnattachedBefore,
  findReadableUpload,
  insertUpload,
  ownUploads,
  type UploadRow,
  unreferencedHashes,
} from '../storage/uploads.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { FileIntake, type Inspected, receiveToFile } from './file-intake.js';
import { cleanFileName } from './file-names.js';
import { presentAttachment } from './present-file.js';

export interface FileLimits {
  maxUploadBytes: number;
  uploadsPerMinute: number;
  maxInputPixels: number;
  /** Uploads never attached are deleted after this long. */
  unattachedTtlMs: number;
}

/** A stream the caller cut at the size limit says so (busboy's `truncated`). */
export interface UploadSource {
  stream: Readable;
  name: string;
  truncated(): boolean;
}

export class UploadTooLarge extends Error {
  override readonly name = 'UploadTooLarge';
}

/**
 * Uploads, access to them, and their life: received to a temporary file,
 * inspected (type, metadata, thumbnail), put in the blob store under their
 * hash, recorded. Reading goes through `access`, the one rule for who may
 * see a file; attaching through `checkAttachable`.
 */
export class FileService {
  private readonly intake: FileIntake;
  private readonly uploads: WindowCounter;

  constructor(
    private readonly db: Kysely<Database>,
    readonly blobs: BlobStore,
    private readonly limits: FileLimits,
  ) {
    this.intake = new FileIntake({ maxInputPixels: limits.maxInputPixels, thumbWidth: 800, thumbHeight: 600 }, () => blobs.tempPath());
    this.uploads = new WindowCounter(limits.uploadsPerMinute, 60_000);
  }

  /** Refuses before a byte is read when the user has uploaded too much this minute. */
  checkRate(actor: Actor): void {
    if (!this.uploads.allows(String(actor.userId))) throw new DomainError('rate_limited', 'too many uploads; wait a minute');
  }

  async upload(actor: Actor, source: UploadSource): Promise<Attachment> {
    this.checkRate(actor);
    this.uploads.record(String(actor.userId));
    const temp = this.blobs.tempPath();
    let inspected: Inspected | undefined;
    try {
      const received = await receiveToFile(source.stream, temp);
      if (source.truncated()) throw new UploadTooLarge(`over ${this.limits.maxUploadBytes} bytes`);
      inspected = await this.intake.inspect(received);
      if (inspected.image) await this.blobs.put('thumb', inspected.sha256, inspected.image.thumbPath);
      await this.blobs.put('file', inspected.sha256, inspected.path);
      const row: UploadRow = {
        id: randomBytes(16).toString('base64url'),
        user_id: actor.userId,
        sha256: inspected.sha256,
        name: cleanFileName(source.name),
        size: inspected.size,
        mime: inspected.mime,
        width: inspected.image?.width ?? null,
        height: inspected.image?.height ?? null,
        message_id: null,
      };
      await insertUpload(this.db, row);
      return presentAttachment(row);
    } finally {
      // Whatever was not moved into the store is removed (a rename leaves nothing behind to remove).
      await rm(temp, { force: true });
      if (inspected?.image) await rm(inspected.image.thumbPath, { force: true });
    }
  }

  /** The upload if the actor may read it; otherwise not_found, whether it exists or not. */
  async access(actor: Actor, fileId: string): Promise<UploadRow> {
    const row = await findReadableUpload(this.db, fileId, actor.userId);
    if (!row) throw new DomainError('not_found', 'no such file');
    return row;
  }

  /**
   * The attachments a new message may carry: the sender's own uploads, not
   * attached to another message. A retry of the same message (same room and
   * client_id) finds them attached to its first copy, which is allowed.
   */
  async checkAttachable(actor: Actor, roomId: number, clientId: string | null, fileIds: string[]): Promise<Attachment[]> {
    if (new Set(fileIds).size !== fileIds.length) throw new DomainError('invalid_payload', 'an attachment is listed twice');
    const rows = new Map((await ownUploads(this.db, actor.userId, fileIds)).map((row) => [row.id, row]));
    return fileIds.map((id) => {
      const row = rows.get(id);
      const retry = row?.message_id !== null && clientId !== null && row?.client_id === clientId && row.room_id === roomId;
      if (!row || (row.message_id !== null && !retry)) throw new DomainError('not_found', `no upload ${id} of yours to attach`);
      return presentAttachment(row);
    });
  }

  /** Deletes uploads never attached, then the bytes nothing refers to any more. */
  async sweep(now = new Date()): Promise<{ uploads: number; blobs: number }> {
    const uploads = await deleteUnattachedBefore(this.db, new Date(now.getTime() - this.limits.unattachedTtlMs));
    let blobs = 0;
    // Only blobs not put for an hour: an upload of the same bytes puts (and touches) its blob before its row exists.
    const settled = new Date(now.getTime() - 60 * 60 * 1000);
    for (const kind of ['file', 'thumb', 'preview'] as const) {
      const candidates = await this.blobs.listOlderThan(kind, settled);
      for (const sha of await unreferencedHashes(this.db, candidates)) {
        await this.blobs.delete(kind, sha);
        blobs += 1;
      }
    }
    // Longer than the HTTP server lets a stalled request live (5 min), so no upload still under way loses its file.
    await this.blobs.clearTemp(15 * 60_000);
    return { uploads, blobs };
  }
}
