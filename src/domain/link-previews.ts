import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { type GuardedFetcher, OutboundError } from '../net/guarded-fetch.js';
import type { ChatMessage } from '../protocol/message.js';
import type { BlobStore } from '../storage/blob-store.js';
import { findPreviews, type PreviewRow, savePreview } from '../storage/link-previews.js';
import type { Database } from '../storage/schema.js';
import { firstLink, parsePageMeta } from './html-meta.js';
import type { MessageChanges } from './message-changes.js';

export interface LinkPreviewOptions {
  maxInputPixels: number;
  onError(error: unknown): void;
}

/** Bounds of every page fetch (the rules): html only, 1 MiB, 5 s, 5 redirects. */
const PAGE = { maxBytes: 1024 * 1024, timeoutMs: 5_000, maxRedirects: 5 } as const;
const IMAGE = { maxBytes: 5 * 1024 * 1024, timeoutMs: 5_000, maxRedirects: 5 } as const;
/** A found preview is reused for a day; a failed fetch is not retried for an hour. */
const FRESH_MS = 24 * 60 * 60 * 1000;
const RETRY_MS = 60 * 60 * 1000;
const MAX_QUEUED = 1_000;
const CONCURRENCY = 2;

/**
 * Link previews: after a message commits (or is edited), its first http(s)
 * link is fetched by the server through the guarded fetcher, its title,
 * description, site name and image are kept per URL, and the message
 * changes to show them (MessageChanges.showPreview: a new rev). The image is
 * fetched under the same rules, re-encoded and served from our origin, so a
 * page never loads anything from the linked site. Work waits in a bounded
 * queue; beyond it previews are skipped, never the messages.
 */
export class LinkPreviews {
  private readonly queue: Array<{ messageId: number; url: string }> = [];
  private running = 0;
  private readonly inFlight = new Map<string, Promise<PreviewRow>>();
  private readonly idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly fetcher: GuardedFetcher,
    private readonly changes: MessageChanges,
    private readonly blobs: BlobStore,
    private readonly options: LinkPreviewOptions,
  ) {}

  /** Offered every committed or edited message; returns at once. */
  committed(messages: ChatMessage[]): void {
    for (const message of messages) {
      if (message.deleted || message.link_preview) continue;
      const url = firstLink(message.content);
      if (url && !this.closed && this.queue.length < MAX_QUEUED) this.queue.push({ messageId: message.message_id, url });
    }
    this.pump();
  }

  /** Shutdown: nothing queued starts; fetches under way end within their 5 s bound and change nothing. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  /** Resolves once nothing is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** What is known about a URL: from the cache while fresh, else fetched now (one fetch per URL at a time). */
  async preview(url: string): Promise<PreviewRow> {
    const [cached] = await findPreviews(this.db, [url]);
    if (cached && Date.now() - cached.fetched_at.getTime() < (cached.ok ? FRESH_MS : RETRY_MS)) return cached;
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.fetchPreview(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0) {
      const job = this.queue.shift() as { messageId: number; url: string };
      this.running += 1;
      void this.run(job).finally(() => {
        this.running -= 1;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    }
  }

  private async run(job: { messageId: number; url: string }): Promise<void> {
    try {
      const preview = await this.preview(job.url);
      if (preview.ok && !this.closed) await this.changes.showPreview(job.messageId, job.url);
    } catch (error) {
      if (!this.closed) this.options.onError(error);
    }
  }

  private async fetchPreview(url: string): Promise<PreviewRow> {
    const row: Omit<PreviewRow, 'fetched_at'> = {
      url,
      ok: false,
      title: null,
      description: null,
      site_name: null,
      image_sha256: null,
      image_width: null,
      image_height: null,
    };
    try {
      const page = await this.fetcher.fetch({
        url,
        allowHttp: true,
        ...PAGE,
        acceptContentType: (type) => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type),
      });
      if (page.status >= 200 && page.status < 300) {
        const meta = parsePageMeta(decode(page.body, String(page.headers['content-type'] ?? '')), page.url);
        row.title = meta.title ?? null;
        row.description = meta.description ?? null;
        row.site_name = meta.siteName ?? null;
        row.ok = row.title !== null || row.description !== null;
        if (row.ok && meta.image) Object.assign(row, await this.fetchImage(meta.image));
      }
    } catch (error) {
      // Refused or failed by the rules (private address, too slow, not html...): no preview, remembered for a while.
      if (!(error instanceof OutboundError)) throw error;
    }
    await savePreview(this.db, row);
    return { ...row, fetched_at: new Date() };
  }

  /** The page's image, re-encoded as a small webp (no metadata) and kept under its hash; nothing when it fails any rule. */
  private async fetchImage(url: string): Promise<Partial<PreviewRow>> {
    try {
      const image = await this.fetcher.fetch({ url, allowHttp: true, ...IMAGE, acceptContentType: (type) => /^\s*image\//i.test(type) });
      if (image.truncated || image.status < 200 || image.status >= 300) return {};
      const { data, info } = await sharp(image.body, { limitInputPixels: this.options.maxInputPixels })
        .rotate()
        .resize(600, 400, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      const sha256 = createHash('sha256').update(data).digest('hex');
      const temp = this.blobs.tempPath();
      await writeFile(temp, data);
      await this.blobs.put('preview', sha256, temp);
      return { image_sha256: sha256, image_width: info.width, image_height: info.height };
    } catch {
      return {};
    }
  }
}

/** The page's text in the charset its Content-Type names (UTF-8 when none, or one TextDecoder does not know). */
function decode(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
