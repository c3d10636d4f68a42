import type { ClientPayload } from '../protocol/client-frames.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import type { RoomSummary } from '../protocol/rooms.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { applyPage, atEnd, emptyHistory, holdsSeq, newestVisibleSeq, type PageMode } from './history-store.js';
import type { Outbox } from './outbox.js';
import { findRoom, markRead, removeRoom, renameRoom, replaceRooms, upsertRoom } from './rooms-store.js';
import { type ScrollRequest, type Store, without } from './store.js';

type HistoryParams = Omit<ClientPayload<'history'>, 'room_id' | 'request_id'>;

interface HistoryRequest {
  roomId: number;
  mode: PageMode;
  /** Part of the after-reconnect catch-up: page on until has_more_after is false. */
  catchUp: boolean;
  /** Where to scroll once the page is shown. */
  scrollTo?: ScrollRequest['to'];
}

let scrollTokens = 0;

/**
 * The room list and the messages of each opened room, kept in step with the
 * server: loads the list after every sign-in, pages history on demand, and
 * after a reconnect pages every held room forward from its newest message
 * until nothing is left, so no message is ever skipped.
 */
export class RoomSync {
  private readonly requests = new Map<string, HistoryRequest>();

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    private readonly outbox: Outbox,
  ) {}

  /** After every sign-in: the list, and a catch-up of every room already held. */
  signedIn(): void {
    this.requests.clear();
    this.connection.send('rooms', { request_id: this.connection.nextRequestId() });
    const { histories } = this.store.get();
    for (const [id, history] of Object.entries(histories)) {
      const roomId = Number(id);
      if (history.loaded) this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
      // A first page that never came: the room loads afresh when opened.
      else this.store.update((state) => ({ ...state, histories: without(state.histories, roomId) }));
    }
  }

  /** The socket is gone, and with it every answer still due. */
  closed(): void {
    this.requests.clear();
    this.store.update((state) => {
      const histories = Object.fromEntries(Object.entries(state.histories).map(([id, history]) => [id, { ...history, loading: null }]));
      return { ...state, histories, typing: {} };
    });
  }

  onRooms(rooms: RoomSummary[]): void {
    const ids = new Set(rooms.map((room) => room.room_id));
    this.store.update((state) => ({
      ...state,
      rooms: replaceRooms(state.rooms, rooms),
      roomsLoaded: true,
      // Rooms left while this page was offline.
      histories: Object.fromEntries(Object.entries(state.histories).filter(([id]) => ids.has(Number(id)))),
    }));
    const state = this.store.get();
    if (!findRoom(state.rooms, state.view.roomId)) this.open(DEFAULT_ROOM_ID);
    else if (!state.histories[state.view.roomId]) this.open(state.view.roomId);
  }

  onRoom(room: RoomSummary): void {
    this.store.update((state) => ({ ...state, rooms: upsertRoom(state.rooms, room) }));
  }

  onRoomUpdated({ room_id, name, topic }: ServerPayloads['room_updated']): void {
    this.store.update((state) => ({ ...state, rooms: renameRoom(state.rooms, room_id, name, topic, state.user?.user_id ?? 0) }));
  }

  onRead({ room_id, seq, unread }: ServerPayloads['read']): void {
    this.store.update((state) => ({ ...state, rooms: markRead(state.rooms, room_id, seq, unread) }));
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
    if (this.store.get().view.roomId === roomId) this.open(DEFAULT_ROOM_ID);
  }

  /** Shows a room: the newest page the first time, and a divider at the first unread message. */
  open(roomId: number): void {
    const state = this.store.get();
    if (state.view.roomId === roomId && state.histories[roomId]) return;
    const room = findRoom(state.rooms, roomId);
    const unread = room?.unread ?? 0;
    this.store.update((current) => ({
      ...current,
      view: { roomId, firstUnreadSeq: room && unread > 0 ? room.read_seq + 1 : null, unreadAtOpen: unread, scroll: null },
    }));
    if (!state.histories[roomId]) this.request(roomId, 'latest', {});
  }

  loadOlder(roomId: number): void {
    const history = this.store.get().histories[roomId];
    const oldest = history?.messages[0];
    if (!history?.loaded || history.loading || !history.hasMoreBefore || !oldest) return;
    this.request(roomId, 'before', { before_seq: oldest.seq });
  }

  loadNewer(roomId: number): void {
    const history = this.store.get().histories[roomId];
    if (!history?.loaded || history.loading || atEnd(history)) return;
    this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) });
  }

  jumpToFirstUnread(): void {
    const { view, histories } = this.store.get();
    const history = histories[view.roomId];
    if (view.firstUnreadSeq === null || !history) return;
    if (holdsSeq(history, view.firstUnreadSeq)) this.scroll(view.firstUnreadSeq);
    else this.request(view.roomId, 'around', { around_seq: view.firstUnreadSeq }, { scrollTo: view.firstUnreadSeq });
  }

  /** Back to the newest message, loading it first when the list shows an older stretch. */
  jumpToLatest(roomId: number): void {
    const history = this.store.get().histories[roomId];
    if (!history || atEnd(history)) this.scroll('bottom');
    else this.request(roomId, 'latest', {}, { scrollTo: 'bottom' });
  }

  onHistory(page: ServerPayloads['history']): void {
    const request = page.request_id === undefined ? undefined : this.requests.get(page.request_id);
    if (!request || page.request_id === undefined) return;
    this.requests.delete(page.request_id);
    const { roomId, mode } = request;
    this.store.update((state) => {
      const history = state.histories[roomId];
      return history ? { ...state, histories: { ...state.histories, [roomId]: applyPage(history, page, mode) } } : state;
    });
    if (request.scrollTo !== undefined) this.scroll(request.scrollTo);
    if (!request.catchUp) return;
    const history = this.store.get().histories[roomId];
    if (history && page.has_more_after) this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
    else this.outbox.settleRoom(roomId);
  }

  /** Returns whether the error answered a history request (which then stops loading). */
  failed(requestId: string | undefined): boolean {
    const request = requestId === undefined ? undefined : this.requests.get(requestId);
    if (!request || requestId === undefined) return false;
    this.requests.delete(requestId);
    this.store.update((state) => {
      const history = state.histories[request.roomId];
      if (!history) return state;
      return { ...state, histories: { ...state.histories, [request.roomId]: { ...history, loading: null, loaded: true } } };
    });
    return true;
  }

  private scroll(to: ScrollRequest['to']): void {
    scrollTokens += 1;
    const token = scrollTokens;
    this.store.update((state) => ({ ...state, view: { ...state.view, scroll: { to, token } } }));
  }

  private request(roomId: number, mode: PageMode, params: HistoryParams, options: Partial<HistoryRequest> = {}): void {
    if (this.store.get().status !== 'signed-in') return;
    const requestId = this.connection.nextRequestId();
    this.requests.set(requestId, { roomId, mode, catchUp: false, ...options });
    this.store.update((state) => {
      const history = state.histories[roomId] ?? emptyHistory;
      const catchingUp = options.catchUp ? { hasMoreAfter: true } : {};
      return { ...state, histories: { ...state.histories, [roomId]: { ...history, ...catchingUp, loading: mode } } };
    });
    this.connection.send('history', { ...params, request_id: requestId, room_id: roomId });
  }
}
