import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import { LoopSlot } from '../lib/loop-slot.js';
import { commitBatchSize, commitLatency, messagesCommitted } from '../lib/metrics.js';
import type { Attachment, ChatMessage, ReplyPreview } from '../protocol/message.js';
import { ROOM_ARCHIVED_MESSAGE } from '../protocol/rooms.js';
import { type BatchRow, commitMessages, isUniqueViolation } from '../storage/message-batch.js';
import type { MentionSet } from '../storage/message-changes.js';
import type { Database } from '../storage/schema.js';
import { isDatabaseUnavailable } from '../storage/unavailable.js';
import { DomainError } from './errors.js';
import { newMessageRow, presentMessage } from './present.js';

/** Runs of the commit statement a batch gets when another process keeps committing its client_ids. */
const MAX_UNIQUE_RETRIES = 5;

export interface PendingMessage {
  roomId: number;
  userId: number;
  nickname: string;
  content: string;
  clientId: string | null;
  connectionId: string | null;
  replyTo: ReplyPreview | null;
  mentions: MentionSet;
  /** Checked by the caller (FileService.checkAttachable); linked in the same statement as the message. */
  attachments: Attachment[];
}

export interface WrittenMessage {
  message: ChatMessage;
  /** True when the client_id was already stored: nothing new was written. */
  duplicate: boolean;
}

interface Waiting {
  pending: PendingMessage;
  resolve: (written: WrittenMessage) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  maxWaitMs: number;
  maxBatch: number;
}

const keyOf = (roomId: number, userId: number, clientId: string) => `${roomId}:${userId}:${clientId}`;

/**
 * Group commit: messages arriving within `maxWaitMs` (or until `maxBatch`)
 * share one statement. Only one batch is in flight; what arrives meanwhile
 * forms the next batch, so batches grow with load instead of queueing
 * transactions. Each promise settles after its batch commits, and the bus
 * hears of the batch only then: nobody sees a message that could still vanish.
 */
export class MessageWriter {
  private queue: Waiting[] = [];
  private readonly slot = new LoopSlot();
  private flushing: Promise<void> | undefined;
  private lastFlushAt = 0;
  private readonly committedListeners: Array<(messages: ChatMessage[]) => void> = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Side work after each commit (pushes): called with the batch's new messages, never awaited. */
  onCommitted(listener: (messages: ChatMessage[]) => void): void {
    this.committedListeners.push(listener);
  }

  write(pending: PendingMessage): Promise<WrittenMessage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ pending, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far has been committed or failed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  private schedule(): void {
    if (this.flushing || this.slot.pending) return;
    if (this.queue.length >= this.options.maxBatch || this.options.maxWaitMs === 0) {
      this.startFlush();
      return;
    }
    // Leading edge: a message after a quiet spell commits on the next turn of the loop; under load
    // batches start at most every maxWaitMs and grow with what arrives while one is in flight.
    // The timer fires after the fan-out of the batch just committed (it flushes at the end of the
    // turn that brought the commit's answer), and a flush to a thousand sockets holds the loop ~10 ms
    // while clients keep sending. So the batch starts from setImmediate, once the next poll has read
    // what they sent: started at once it would leave that out, to wait a whole further commit and
    // flush (most messages under load). Not before that flush either: an answer during it only makes
    // flushes more frequent (measured: docs/performance.md).
    const wait = Math.max(1, this.lastFlushAt + this.options.maxWaitMs - performance.now());
    this.slot.schedule(wait, () => this.slot.schedule(0, () => this.startFlush()));
  }

  private startFlush(): void {
    this.slot.cancel();
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.lastFlushAt = performance.now();
    this.flushing = this.commit(batch).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async commit(batch: Waiting[]): Promise<void> {
    let outcome: Array<WrittenMessage | DomainError>;
    const started = performance.now();
    try {
      outcome = await this.insertBatch(batch.map((item) => item.pending));
      commitLatency.observe((performance.now() - started) / 1000);
      commitBatchSize.observe(batch.length);
    } catch (error) {
      // Every message of the batch fails, retryably (the boundary maps the error); the next batch still runs.
      // With the database gone, what queued meanwhile would only wait out another timeout: it fails now.
      const failed = isDatabaseUnavailable(error) ? [...batch, ...this.queue.splice(0)] : batch;
      for (const item of failed) item.reject(error);
      return;
    }
    const fresh: Array<{ message: ChatMessage; connectionId: string | null }> = [];
    outcome.forEach((result, index) => {
      const item = batch[index] as Waiting;
      if (result instanceof DomainError) item.reject(result);
      else if (!result.duplicate) fresh.push({ message: result.message, connectionId: item.pending.connectionId });
    });
    // Committed is committed: the acks and the next batch never wait on the bus. Publishing hands the
    // event to this process's hub at once and to the other processes without blocking; what the bus
    // loses, their hubs fill from the database by rev (hub/room-streams.ts).
    if (fresh.length > 0) {
      messagesCommitted.inc(fresh.length);
      void this.bus.publish({ type: 'messages', messages: fresh });
      for (const listener of this.committedListeners) listener(fresh.map((entry) => entry.message));
    }
    outcome.forEach((result, index) => {
      if (!(result instanceof DomainError)) batch[index]?.resolve(result);
    });
  }

  /** One statement per batch; a retry of the same client_id in the batch is answered with its first copy. */
  private async insertBatch(batch: PendingMessage[]): Promise<Array<WrittenMessage | DomainError>> {
    const firstByKey = new Map<string, number>();
    const rows: BatchRow[] = [];
    const sameAs = batch.map((item, ord) => {
      const key = item.clientId === null ? undefined : keyOf(item.roomId, item.userId, item.clientId);
      const first = key === undefined ? undefined : firstByKey.get(key);
      if (first !== undefined) return first;
      if (key !== undefined) firstByKey.set(key, ord);
      rows.push({
        ord,
        room_id: item.roomId,
        user_id: item.userId,
        content: item.content,
        client_id: item.clientId,
        reply_to_id: item.replyTo?.message_id ?? null,
        mentions: item.mentions.userIds,
        mentions_room: item.mentions.room,
        attachments: item.attachments.map((attachment) => attachment.file_id),
      });
      return ord;
    });
    const results = await this.commitRacing(rows);
    const byOrd = new Map(results.map((result) => [result.ord, result]));
    return batch.map((item, ord) => {
      const first = sameAs[ord] as number;
      const saved = byOrd.get(first);
      if (!saved) return new DomainError('not_found', 'no such room');
      if (saved.archived) return new DomainError('forbidden', ROOM_ARCHIVED_MESSAGE);
      const row = newMessageRow(
        {
          id: saved.id,
          room_id: item.roomId,
          seq: saved.seq,
          rev: saved.rev,
          user_id: item.userId,
          nickname: item.nickname,
          content: saved.content,
          client_id: item.clientId,
          created_at: saved.created_at,
        },
        { replyTo: item.replyTo, mentions: item.mentions.userIds, mentionsRoom: item.mentions.room },
      );
      // Only what this statement linked: an upload another message took a moment earlier is not this one's.
      const linked = saved.duplicate ? undefined : new Set(saved.attached ?? []);
      const attachments = linked ? item.attachments.filter((attachment) => linked.has(attachment.file_id)) : item.attachments;
      const message = presentMessage(row, [], attachments);
      return { message, duplicate: saved.duplicate || first !== ord };
    });
  }

  /**
   * The statement reads existing client_ids with the snapshot it started with, so when another process
   * commits the same client_id while this one waits for the room's lock, it fails on the unique index.
   * Each run after such a failure sees more of the other's commits; under a sustained race (the same
   * retries sent through two processes) one run is not always enough, a few are.
   */
  private async commitRacing(rows: BatchRow[]): Promise<Awaited<ReturnType<typeof commitMessages>>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await commitMessages(this.db, rows);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_UNIQUE_RETRIES) throw error;
      }
    }
  }
}
