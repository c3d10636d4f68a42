import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import type { RoomSummary } from '../protocol/rooms.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { RoomSync } from './room-sync.js';
import { applyMember, applyNotify, findRoom, markRead, removeRoom, renameRoom, replaceRooms, upsertRoom } from './rooms-store.js';
import { type Store, without } from './store.js';

/**
 * The sidebar's rooms as the server reports them: the list after each
 * sign-in, rooms joined, renamed, read and left, and people joining or
 * leaving a group conversation (its name follows them unless it was renamed).
 */
export class RoomList {
  constructor(
    private readonly store: Store,
    private readonly sync: RoomSync,
    /** The room on screen (e.g. named by the address) is not one of this person's rooms. */
    private readonly roomMissing: () => void,
  ) {}

  onRooms(rooms: RoomSummary[]): void {
    for (const room of rooms) this.unmuteLater(room.muted_until);
    const ids = new Set(rooms.map((room) => room.room_id));
    this.store.update((state) => ({
      ...state,
      rooms: replaceRooms(state.rooms, rooms),
      roomsLoaded: true,
      // Rooms left while this page was offline.
      histories: Object.fromEntries(Object.entries(state.histories).filter(([id]) => ids.has(Number(id)))),
    }));
    const { view, rooms: held, histories } = this.store.get();
    if (!findRoom(held, view.roomId)) {
      this.roomMissing();
      this.sync.open(DEFAULT_ROOM_ID);
    } else if (!histories[view.roomId]) {
      this.sync.open(view.roomId, view.highlightSeq ?? undefined);
    }
  }

  /** A mute that ends by itself: the list is drawn again then, so the room shows unmuted without a new frame. */
  private unmuteLater(mutedUntil: string | null): void {
    const left = mutedUntil === null ? Number.NaN : Date.parse(mutedUntil) - Date.now();
    // setTimeout holds at most 2^31 − 1 ms (24.8 days); a longer mute is redrawn by the frames before then.
    if (!(left > 0 && left < 2 ** 31 - 1)) return;
    const redraw = (room: RoomSummary) => (room.muted_until === mutedUntil ? { ...room } : room);
    setTimeout(() => this.store.update((state) => ({ ...state, rooms: state.rooms.map(redraw) })), left + 50);
  }

  onRoom(room: RoomSummary): void {
    this.store.update((state) => ({ ...state, rooms: upsertRoom(state.rooms, room) }));
  }

  onRoomUpdated(update: ServerPayloads['room_updated']): void {
    this.store.update((state) => ({ ...state, rooms: renameRoom(state.rooms, update, state.user?.user_id ?? 0) }));
  }

  onRead({ room_id, seq, unread, mention_count }: ServerPayloads['read']): void {
    this.store.update((state) => ({ ...state, rooms: markRead(state.rooms, room_id, seq, { unread, mention_count }) }));
  }

  /** `room_notify`: this user's level or mute for a room, set here or on another of their connections. */
  onNotify({ room_id, level, muted_until }: ServerPayloads['room_notify']): void {
    this.unmuteLater(muted_until);
    this.store.update((state) => ({ ...state, rooms: applyNotify(state.rooms, room_id, level, muted_until) }));
  }

  onMember(event: ServerPayloads['member']): void {
    this.store.update((state) => ({ ...state, rooms: applyMember(state.rooms, event, state.user?.user_id ?? 0) }));
  }

  onRoomRemoved(roomId: number): void {
    this.store.update((state) => ({
      ...state,
      rooms: removeRoom(state.rooms, roomId),
      histories: without(state.histories, roomId),
      members: without(state.members, roomId),
      typing: without(state.typing, roomId),
      pending: state.pending.filter((pending) => pending.room_id !== roomId),
    }));
    if (this.store.get().view.roomId === roomId) this.sync.open(DEFAULT_ROOM_ID);
  }
}
