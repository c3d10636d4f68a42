import type { ChatMessage } from '../protocol/message.js';

/** Where a room's changes can be read again: the database, the source of truth the bus only echoes. */
export interface RoomChangeSource {
  /** Each room's newest rev. */
  lastRevs(roomIds: number[]): Promise<Map<number, number>>;
  /** Messages whose latest change is after `afterRev`, in rev order, each in its latest state. */
  changesAfter(roomId: number, afterRev: number, limit: number): Promise<ChatMessage[]>;
}

export interface RoomStreamOptions {
  /** How long a change waits for an earlier one still on its way before the database fills the gap. */
  gapWaitMs: number;
  /** Changes held per room while a gap cannot be filled (database down) before the room's sockets are told to resume. */
  maxPending: number;
  onError(error: unknown): void;
  /** A room fell too far behind to hold: its subscribers must resume (they catch up from the database). */
  onOverflow(roomId: number): void;
}

interface Held {
  message: ChatMessage;
  connectionId: string | null;
}

interface Stream {
  /** The newest rev handed on; null until the baseline is read. */
  lastRev: number | null;
  ready: Promise<void>;
  /** Changes that came early, in rev order, all above lastRev. */
  pending: Held[];
  timer: NodeJS.Timeout | undefined;
  filling: boolean;
  /** The database's rev at the previous periodic check. */
  observed: number | undefined;
}

const FILL_PAGE = 500;
const RETRY_MS = 1_000;

/**
 * The one guarantee of live delivery: each room's changes reach this
 * process's sockets in rev order, with no gap and no repeat, whatever order
 * the bus brings them in. Commit order across processes is not bus order
 * (two processes publish at once; a link lags; Redis drops what it sends
 * while a subscriber reconnects), so a change that arrives early waits for
 * the ones before it, and after `gapWaitMs` the database fills the gap.
 * A room's stream exists while this process has a subscriber in it.
 */
export class RoomStreams {
  private readonly streams = new Map<number, Stream>();

  constructor(
    private readonly source: RoomChangeSource,
    private readonly deliver: (message: ChatMessage, connectionId: string | null) => void,
    private readonly options: RoomStreamOptions,
  ) {}

  /**
   * Starts following rooms; resolves once each knows where it starts. A
   * subscriber reads history only after this, so nothing committed before
   * the baseline can be missing from what it reads, and nothing after it
   * from what it is sent.
   */
  async open(roomIds: Iterable<number>): Promise<void> {
    const fresh: number[] = [];
    const waits: Promise<void>[] = [];
    for (const roomId of roomIds) {
      const existing = this.streams.get(roomId);
      if (existing) {
        waits.push(existing.ready);
        continue;
      }
      fresh.push(roomId);
    }
    if (fresh.length > 0) {
      const baseline = this.source.lastRevs(fresh);
      for (const roomId of fresh) {
        const stream: Stream = {
          lastRev: null,
          ready: Promise.resolve(),
          pending: [],
          timer: undefined,
          filling: false,
          observed: undefined,
        };
        stream.ready = baseline.then(
          (revs) => {
            stream.lastRev = revs.get(roomId) ?? 0;
            this.drain(roomId, stream);
          },
          (error: unknown) => {
            if (this.streams.get(roomId) === stream) this.streams.delete(roomId);
            throw error;
          },
        );
        this.streams.set(roomId, stream);
        waits.push(stream.ready);
      }
    }
    await Promise.all(waits);
  }

  close(roomId: number): void {
    const stream = this.streams.get(roomId);
    if (!stream) return;
    clearTimeout(stream.timer);
    this.streams.delete(roomId);
  }

  /** A change from the bus. Rooms this process does not follow are ignored. */
  accept(message: ChatMessage, connectionId: string | null): void {
    const stream = this.streams.get(message.room_id);
    if (!stream) return;
    const { lastRev } = stream;
    if (lastRev !== null && message.rev <= lastRev) return;
    if (lastRev !== null && message.rev === lastRev + 1 && stream.pending.length === 0) {
      stream.lastRev = message.rev;
      this.deliver(message, connectionId);
      return;
    }
    insertByRev(stream.pending, { message, connectionId });
    if (stream.pending.length > this.options.maxPending) return this.overflow(message.room_id, stream);
    this.drain(message.room_id, stream);
  }

  /** After the bus was away: every room that moved on in the database meanwhile is filled from it. */
  async resync(): Promise<void> {
    const revs = await this.readRevs();
    for (const [roomId, rev] of revs) {
      const stream = this.streams.get(roomId);
      if (stream?.lastRev != null && rev > stream.lastRev) void this.fill(roomId, stream);
    }
  }

  /**
   * The periodic check for holes nothing else reveals (a change lost on a
   * quiet room, so no later change shows the gap): a room still behind the
   * rev the database had one check ago is filled. Changes merely in flight
   * are never older than a check interval, so this costs no extra fills.
   */
  async check(): Promise<void> {
    const revs = await this.readRevs();
    for (const [roomId, rev] of revs) {
      const stream = this.streams.get(roomId);
      if (stream?.lastRev == null) continue;
      if (stream.observed !== undefined && stream.lastRev < stream.observed) void this.fill(roomId, stream);
      stream.observed = rev;
    }
  }

  private async readRevs(): Promise<Map<number, number>> {
    const roomIds = [...this.streams.keys()];
    if (roomIds.length === 0) return new Map();
    return this.source.lastRevs(roomIds);
  }

  /** Hands on every held change that is next in line; waits, then fills, if a gap remains. */
  private drain(roomId: number, stream: Stream): void {
    if (stream.lastRev === null) return;
    while (stream.pending.length > 0 && (stream.pending[0] as Held).message.rev <= stream.lastRev + 1) {
      const { message, connectionId } = stream.pending.shift() as Held;
      if (message.rev <= stream.lastRev) continue;
      stream.lastRev = message.rev;
      this.deliver(message, connectionId);
    }
    if (stream.pending.length === 0) {
      clearTimeout(stream.timer);
      stream.timer = undefined;
    } else {
      stream.timer ??= setTimeout(() => {
        stream.timer = undefined;
        void this.fill(roomId, stream);
      }, this.options.gapWaitMs);
    }
  }

  /** Reads everything after the stream's position from the database and hands it on in rev order. */
  private async fill(roomId: number, stream: Stream): Promise<void> {
    if (stream.filling || stream.lastRev === null) return;
    stream.filling = true;
    try {
      for (;;) {
        const changes = await this.source.changesAfter(roomId, stream.lastRev, FILL_PAGE);
        if (this.streams.get(roomId) !== stream) return;
        for (const message of changes) {
          if (message.rev <= stream.lastRev) continue;
          stream.lastRev = message.rev;
          this.deliver(message, null);
        }
        if (changes.length < FILL_PAGE) break;
      }
    } catch (error) {
      this.options.onError(error);
      clearTimeout(stream.timer);
      stream.timer = setTimeout(() => {
        stream.timer = undefined;
        void this.fill(roomId, stream);
      }, RETRY_MS);
      return;
    } finally {
      stream.filling = false;
    }
    this.drain(roomId, stream);
  }

  private overflow(roomId: number, stream: Stream): void {
    clearTimeout(stream.timer);
    this.streams.delete(roomId);
    this.options.onOverflow(roomId);
  }
}

function insertByRev(pending: Held[], item: Held): void {
  let index = pending.length;
  while (index > 0 && (pending[index - 1] as Held).message.rev > item.message.rev) index -= 1;
  if ((pending[index - 1] as Held | undefined)?.message.rev === item.message.rev) return;
  pending.splice(index, 0, item);
}
