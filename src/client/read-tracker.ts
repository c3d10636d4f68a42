import type { Connection } from './connection.js';
import { newestVisibleSeq } from './history-store.js';
import { findRoom, markRead } from './rooms-store.js';
import type { Store } from './store.js';

/** Marking read waits this long after the last change, so a burst of messages costs one `read`. */
const READ_DELAY_MS = 300;

/**
 * Sends `read {room_id, seq}` for the room on screen, with the newest seq
 * that has been on screen, whenever the window has focus. Remembers the highest marker the
 * server knows per room (from the room list, `read` events and what it sent)
 * so nothing is sent twice.
 */
export class ReadTracker {
  private readonly known = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
  ) {}

  start(): void {
    this.store.subscribe(() => this.schedule());
    // Leaving (reload, closed tab) within the delay: send what is due now rather than never.
    window.addEventListener('pagehide', () => {
      if (this.timer === undefined) return;
      clearTimeout(this.timer);
      this.flush();
    });
  }

  /** The server's marker in a room is at least `seq`. */
  note(roomId: number, seq: number): void {
    if (seq > (this.known.get(roomId) ?? -1)) this.known.set(roomId, seq);
  }

  /** A new socket: what the server knows comes again with the room list. */
  forget(): void {
    this.known.clear();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), READ_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const state = this.store.get();
    const roomId = state.view.roomId;
    const history = state.histories[roomId];
    if (state.status !== 'signed-in' || !state.focused || !history?.loaded || !findRoom(state.rooms, roomId)) return;
    // Only what has been on screen is read.
    const seq = Math.min(newestVisibleSeq(history), state.view.seenSeq);
    if (seq <= (this.known.get(roomId) ?? 0)) return;
    if (!this.connection.send('read', { room_id: roomId, seq })) return;
    this.note(roomId, seq);
    // The badge clears now; the server's `read` answer confirms it (and tells the other tabs).
    this.store.update((current) => ({ ...current, rooms: markRead(current.rooms, roomId, seq) }));
  }
}
