import type { Kysely, Transaction } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { ChatMessage } from '../protocol/message.js';
import {
  advanceSenderMarkers,
  findByClientKeys,
  insertMessages,
  lockRoomCounters,
  type MessageRow,
  setRoomCounter,
} from '../storage/messages.js';
import type { Database } from '../storage/schema.js';
import { DomainError } from './errors.js';
import { presentMessage } from './present.js';

export interface PendingMessage {
  roomId: number;
  userId: number;
  nickname: string;
  content: string;
  clientId: string | null;
  connectionId: string | null;
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
 * share one transaction. Only one batch is in flight; what arrives meanwhile
 * forms the next batch, so batches grow with load instead of queueing
 * transactions. Each promise settles after its batch commits, and the bus
 * hears of the batch only then: nobody sees a message that could still vanish.
 */
export class MessageWriter {
  private queue: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly options: GroupCommitOptions,
  ) {}

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
    if (this.flushing || this.timer) return;
    if (this.queue.length >= this.options.maxBatch || this.options.maxWaitMs === 0) {
      this.startFlush();
      return;
    }
    this.timer = setTimeout(() => this.startFlush(), this.options.maxWaitMs);
  }

  private startFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.flushing = this.commit(batch).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async commit(batch: Waiting[]): Promise<void> {
    let outcome: Array<WrittenMessage | DomainError>;
    try {
      outcome = await this.db.transaction().execute((trx) =>
        this.insertBatch(
          trx,
          batch.map((item) => item.pending),
        ),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const fresh: Array<{ message: ChatMessage; connectionId: string | null }> = [];
    outcome.forEach((result, index) => {
      const item = batch[index] as Waiting;
      if (result instanceof DomainError) item.reject(result);
      else if (!result.duplicate) fresh.push({ message: result.message, connectionId: item.pending.connectionId });
    });
    if (fresh.length > 0) await this.bus.publish({ type: 'messages', messages: fresh });
    outcome.forEach((result, index) => {
      if (!(result instanceof DomainError)) batch[index]?.resolve(result);
    });
  }

  private async insertBatch(trx: Transaction<Database>, batch: PendingMessage[]): Promise<Array<WrittenMessage | DomainError>> {
    const counters = await lockRoomCounters(
      trx,
      [...new Set(batch.map((item) => item.roomId))].sort((a, b) => a - b),
    );
    const keyed = batch.filter((item) => item.clientId !== null);
    const stored = await findByClientKeys(
      trx,
      keyed.map((item) => ({ room_id: item.roomId, user_id: item.userId, client_id: item.clientId as string })),
    );
    const byKey = new Map<string, MessageRow | number>(
      stored.map((row) => [keyOf(row.room_id, row.user_id, row.client_id as string), row]),
    );
    const rows: Array<{ room_id: number; seq: number; user_id: number; content: string; client_id: string | null }> = [];
    // Each entry is either a stored row, an index into `rows` (new), or an error.
    const plan = batch.map((item): MessageRow | number | DomainError => {
      const last = counters.get(item.roomId);
      if (last === undefined) return new DomainError('not_found', 'no such room');
      const key = item.clientId === null ? undefined : keyOf(item.roomId, item.userId, item.clientId);
      const known = key === undefined ? undefined : byKey.get(key);
      if (known !== undefined) return known;
      counters.set(item.roomId, last + 1);
      rows.push({ room_id: item.roomId, seq: last + 1, user_id: item.userId, content: item.content, client_id: item.clientId });
      if (key !== undefined) byKey.set(key, rows.length - 1);
      return rows.length - 1;
    });
    const inserted = await insertMessages(trx, rows);
    const insertedBySeat = new Map(inserted.map((row) => [`${row.room_id}:${row.seq}`, row]));
    for (const roomId of new Set(rows.map((row) => row.room_id))) await setRoomCounter(trx, roomId, counters.get(roomId) as number);
    // Rows are in seq order per room, so the last write per (room, sender) carries the highest seq.
    const marks = new Map(rows.map((row) => [`${row.room_id}:${row.user_id}`, row]));
    await advanceSenderMarkers(trx, [...marks.values()]);
    const firstUse = new Set<number>();
    return plan.map((entry, index): WrittenMessage | DomainError => {
      if (entry instanceof DomainError) return entry;
      const item = batch[index] as PendingMessage;
      if (typeof entry !== 'number') return { message: presentMessage(entry), duplicate: true };
      const row = rows[entry] as (typeof rows)[number];
      const saved = insertedBySeat.get(`${row.room_id}:${row.seq}`);
      if (!saved) throw new Error('inserted row missing from RETURNING');
      const message = presentMessage({ ...row, id: saved.id, nickname: item.nickname, created_at: saved.created_at });
      const duplicate = firstUse.has(entry);
      firstUse.add(entry);
      return { message, duplicate };
    });
  }
}
