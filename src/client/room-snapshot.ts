import type { RoomSummary } from '../protocol/rooms.js';
import { readStored, removeStored, writeStored } from './browser-storage.js';
import type { ChatState, Store } from './store.js';

/** Saving waits for the list to settle: a burst of messages costs one write. */
const SAVE_DELAY_MS = 1_000;

type Kept = Pick<RoomSummary, 'room_id' | 'kind' | 'name' | 'unread' | 'mention_count' | 'notify_level' | 'muted_until'>;

const key = (userId: number) => `rooms:${userId}`;

/** A kept entry as a summary the sidebar can show: no topic, no last message, no members (none were kept). */
function summary(kept: Kept): RoomSummary {
  return { ...kept, topic: '', owner_id: null, last_seq: kept.unread, last_rev: 0, read_seq: 0, last_message: null };
}

function valid(item: unknown): item is Kept {
  const kept = item as Partial<Kept> | null;
  return typeof kept?.room_id === 'number' && typeof kept.name === 'string' && typeof kept.unread === 'number';
}

/**
 * The sidebar's rooms as last seen, per person, so a page opened offline (the service worker keeps
 * the page itself) shows them. Only names, kinds, counts and notification settings: no message
 * content, no tokens. Removed at sign-out.
 */
export class RoomSnapshot {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saved: RoomSummary[] | null = null;

  constructor(private readonly store: Store) {}

  /** At load, signed in from storage: the last rooms until the server's list arrives. */
  restore(): void {
    const state = this.store.get();
    if (!state.user || state.rooms.length > 0) return;
    const kept = readStored(key(state.user.user_id));
    if (!Array.isArray(kept)) return;
    const rooms = kept.filter(valid).map(summary);
    this.saved = rooms;
    this.store.update((current) => (current.rooms.length > 0 ? current : { ...current, rooms }));
  }

  start(): void {
    this.store.subscribe((state) => this.schedule(state));
  }

  forget(userId: number): void {
    removeStored(key(userId));
  }

  private schedule(state: ChatState): void {
    if (!state.roomsLoaded || state.rooms === this.saved) return;
    this.timer ??= setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  private save(): void {
    this.timer = undefined;
    const { user, rooms, roomsLoaded } = this.store.get();
    if (!user || !roomsLoaded) return;
    this.saved = rooms;
    writeStored(
      key(user.user_id),
      rooms.map(({ room_id, kind, name, unread, mention_count, notify_level, muted_until }) => ({
        room_id,
        kind,
        name,
        unread,
        mention_count,
        notify_level,
        muted_until,
      })),
    );
  }
}
