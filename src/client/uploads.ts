import type { Attachment } from '../protocol/message.js';
import { MAX_ATTACHMENTS } from '../protocol/message.js';

export interface UploadItem {
  key: number;
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  /** The server's error code when it refused (too_large, rate_limited...). */
  error?: string;
  attachment?: Attachment;
}

interface Entry {
  item: UploadItem;
  request?: XMLHttpRequest;
}

/**
 * Files being attached in each room's composer: uploaded at once (XHR, for
 * upload progress), each cancellable. A message sent while some are still
 * uploading waits for them and goes out when the last finishes, with every
 * file that made it; the outbox then sends it like any other (client_id).
 */
export class Uploads {
  private readonly rooms = new Map<number, Entry[]>();
  private readonly waiting = new Map<number, { content: string; replyTo: number | undefined }>();
  private readonly listeners = new Set<() => void>();
  private nextKey = 0;

  constructor(
    private readonly token: () => string | null,
    private readonly send: (roomId: number, content: string, attachments: string[], replyTo: number | undefined) => void,
    /** The message this room's composer answers, taken (and cleared) when the text is handed over. */
    private readonly takeReply: (roomId: number) => number | undefined,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  items(roomId: number): UploadItem[] {
    return (this.rooms.get(roomId) ?? []).map((entry) => entry.item);
  }

  /** True while a message of this room waits for its uploads. */
  isWaiting(roomId: number): boolean {
    return this.waiting.has(roomId);
  }

  add(roomId: number, files: Iterable<File>): void {
    const entries = this.rooms.get(roomId) ?? [];
    for (const file of files) {
      if (entries.length >= MAX_ATTACHMENTS) break;
      const entry: Entry = { item: { key: ++this.nextKey, name: file.name || 'file', size: file.size, progress: 0, state: 'uploading' } };
      entries.push(entry);
      this.start(roomId, entry, file);
    }
    this.rooms.set(roomId, entries);
    this.changed();
  }

  cancel(roomId: number, key: number): void {
    const entries = this.rooms.get(roomId) ?? [];
    entries.find((entry) => entry.item.key === key)?.request?.abort();
    this.rooms.set(
      roomId,
      entries.filter((entry) => entry.item.key !== key),
    );
    this.changed();
    this.flush(roomId);
  }

  /** Sends the text with the room's files now, or once the uploads under way are done. */
  submit(roomId: number, content: string): void {
    this.waiting.set(roomId, { content, replyTo: this.takeReply(roomId) ?? this.waiting.get(roomId)?.replyTo });
    this.flush(roomId);
    this.changed();
  }

  /** Trades the session token for the /files cookie, so <img> can load files (it cannot send a header). */
  async exchangeCookie(): Promise<void> {
    const token = this.token();
    if (!token) return;
    await fetch('/api/session', { method: 'POST', headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' }).catch(
      () => {},
    );
  }

  private start(roomId: number, entry: Entry, file: File): void {
    const request = new XMLHttpRequest();
    entry.request = request;
    const form = new FormData();
    form.append('file', file, file.name || 'file');
    const update = (patch: Partial<UploadItem>) => {
      entry.item = { ...entry.item, ...patch };
      this.changed();
    };
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) update({ progress: event.loaded / event.total });
    };
    request.onload = () => {
      if (request.status === 201) {
        update({ state: 'done', progress: 1, attachment: JSON.parse(request.responseText) as Attachment });
      } else {
        let code = 'server_error';
        try {
          code = (JSON.parse(request.responseText) as { error?: string }).error ?? code;
        } catch {
          // Not JSON: a proxy's page.
        }
        update({ state: 'failed', error: code });
      }
      this.flush(roomId);
    };
    request.onerror = () => {
      update({ state: 'failed', error: 'unavailable' });
      this.flush(roomId);
    };
    request.open('POST', '/api/uploads');
    request.setRequestHeader('authorization', `Bearer ${this.token() ?? ''}`);
    request.send(form);
  }

  private flush(roomId: number): void {
    const waiting = this.waiting.get(roomId);
    if (waiting === undefined) return;
    const { content, replyTo } = waiting;
    const entries = this.rooms.get(roomId) ?? [];
    if (entries.some((entry) => entry.item.state === 'uploading')) return;
    this.waiting.delete(roomId);
    const attachments = entries.flatMap((entry) => (entry.item.attachment ? [entry.item.attachment.file_id] : []));
    // Failed uploads stay listed (with why) so the person sees what did not go; the rest leave with the message.
    this.rooms.set(
      roomId,
      entries.filter((entry) => entry.item.state === 'failed'),
    );
    if (attachments.length > 0 || content.trim() !== '') this.send(roomId, content, attachments, replyTo);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
