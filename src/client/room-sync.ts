import type { ClientPayload } from '../protocol/client-frames.js';
import type { ChatMessage } from '../protocol/message.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { applyPage, atEnd, emptyHistory, holdsSeq, newestVisibleSeq, type PageMode, visibleMessages } from './history-store.js';
import type { Outbox } from './outbox.js';
import { findRoom } from './rooms-store.js';
import type { ResumePoint } from './sign-in.js';
import type { ScrollRequest, Store } from './store.js';

type HistoryParams = Omit<ClientPayload<'history'>, 'room_id' | 'request_id'>;

interface HistoryRequest {
  roomId: number;
  mode: PageMode;
  /** Part of the after-reconnect catch-up: page on until has_more_after is false. */
  catchUp: boolean;
  /** Where to scroll once the page is shown. */
  scrollTo?: ScrollRequest['to'];
  /** A message asked for by its address: the page must hold it, else it was not found. */
  target?: number;
  /** A message asked for by its id (a reply's quote): scrolled to and highlighted once its page is here. */
  targetId?: number;
}

let scrollTokens = 0;

/**
 * The messages of each opened room, kept in step with the server: loads the
 * room list after every sign-in, pages history on demand, and after a
 * reconnect brings every held room forward from its newest message until
 * nothing is left (the `resume` catch-up, paged on with `after_seq` when
 * capped; after a password sign-in, `after_seq` pages alone), so no message
 * is ever skipped.
 */
export class RoomSync {
  private readonly requests = new Map<string, HistoryRequest>();

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    private readonly outbox: Outbox,
    /** A message asked for by its address is not in its room (or no longer). */
    private readonly messageMissing: () => void,
  ) {}

  /** After a password sign-in: the list, and a catch-up of every room already held, page by page. */
  signedIn(): void {
    for (const roomId of this.reloadList()) {
      const history = this.store.get().histories[roomId];
      if (history) this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
    }
  }

  /** After a `resume`: the list; the server itself sends what each room in `resumePoint` missed (see `caughtUp`). */
  resumed(): void {
    this.reloadList();
  }

  /** For `resume`: per held room, the newest message shown (by message_id), or seq 0 for a room without one. */
  resumePoint(): ResumePoint {
    const since: Record<string, number> = {};
    const sinceSeq: Record<string, number> = {};
    for (const [id, history] of Object.entries(this.store.get().histories)) {
      if (!history.loaded) continue;
      const newest = visibleMessages(history).at(-1);
      if (newest) since[id] = newest.message_id;
      else sinceSeq[id] = 0;
    }
    return Object.keys(sinceSeq).length > 0 ? { since, since_seq: sinceSeq } : { since };
  }

  /** A room's `resume` catch-up (one `send` frame): capped at RESUME_MAX_MESSAGES, page on; else the room is complete. */
  caughtUp(messages: ChatMessage[], hasMore: boolean): void {
    const roomId = messages[0]?.room_id;
    const history = roomId === undefined ? undefined : this.store.get().histories[roomId];
    if (roomId === undefined || !history?.loaded) return;
    if (hasMore) this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
    else this.outbox.settleRoom(roomId);
  }

  /**
   * Live messages past a gap in a room believed complete (nothing loading, no newer page expected) mean a
   * catch-up never came (the server leaves out a room whose catch-up failed): page the missing stretch in.
   */
  fillGaps(messages: ChatMessage[]): void {
    for (const roomId of new Set(messages.map((message) => message.room_id))) {
      const history = this.store.get().histories[roomId];
      if (!history?.loaded || history.loading || history.hasMoreAfter) continue;
      if (visibleMessages(history).length < history.messages.length)
        this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
    }
  }

  /** The socket is gone, and with it every answer still due. */
  closed(): void {
    this.requests.clear();
    this.store.update((state) => {
      const histories = Object.fromEntries(Object.entries(state.histories).map(([id, history]) => [id, { ...history, loading: null }]));
      // Who is typing ends with the socket; member lists may have changed unseen, and load again when shown.
      return { ...state, histories, typing: {}, members: {} };
    });
  }

  /**
   * Shows a room: the newest page the first time, and a divider at the first unread message. With a
   * seq (a message's address), the page around that message instead, scrolled to it and highlighted.
   */
  open(roomId: number, seq?: number): void {
    const state = this.store.get();
    const history = state.histories[roomId];
    if (state.view.roomId === roomId && history && seq === undefined) return;
    const room = findRoom(state.rooms, roomId);
    const unread = room?.unread ?? 0;
    this.store.update((current) => ({
      ...current,
      view: {
        roomId,
        firstUnreadSeq: room && unread > 0 ? room.read_seq + 1 : null,
        unreadAtOpen: unread,
        scroll: null,
        seenSeq: 0,
        atBottom: seq === undefined,
        highlightSeq: seq ?? null,
      },
    }));
    if (seq === undefined) {
      if (!history) this.request(roomId, 'latest', {});
    } else if (history && holdsSeq(history, seq)) {
      this.scroll(seq);
    } else {
      this.request(roomId, 'around', { around_seq: seq }, { scrollTo: seq, target: seq });
    }
  }

  /** A reply's quote was clicked: the original, scrolled to and highlighted (its page loaded around it if need be). */
  showMessage(roomId: number, messageId: number): void {
    const history = this.store.get().histories[roomId];
    const held = history && visibleMessages(history).find((message) => message.message_id === messageId);
    if (held) return this.open(roomId, held.seq);
    this.store.update((state) => ({ ...state, view: { ...state.view, atBottom: false } }));
    this.request(roomId, 'around', { around_message_id: messageId }, { targetId: messageId });
  }

  /** From the list as it scrolls: the newest seq on screen so far, and whether the end is in view. */
  seen(roomId: number, seq: number, atBottom: boolean): void {
    this.store.update((state) => {
      const view = state.view;
      if (view.roomId !== roomId || (seq <= view.seenSeq && atBottom === view.atBottom)) return state;
      return { ...state, view: { ...view, seenSeq: Math.max(view.seenSeq, seq), atBottom } };
    });
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
    this.outbox.arrived(page.messages);
    this.store.update((state) => {
      const history = state.histories[roomId];
      return history ? { ...state, histories: { ...state.histories, [roomId]: applyPage(history, page, mode) } } : state;
    });
    if (request.target !== undefined && !page.messages.some((message) => message.seq === request.target)) this.messageMissing();
    if (request.scrollTo !== undefined) this.scroll(request.scrollTo);
    if (request.targetId !== undefined) this.reveal(request.targetId, page.messages);
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

  /** Asks for the room list; drops first pages that never came (those rooms load afresh when opened). Returns the rooms held. */
  private reloadList(): number[] {
    this.requests.clear();
    this.connection.send('rooms', { request_id: this.connection.nextRequestId() });
    this.store.update((state) => {
      const loaded = Object.entries(state.histories).filter(([, history]) => history.loaded);
      return loaded.length === Object.keys(state.histories).length ? state : { ...state, histories: Object.fromEntries(loaded) };
    });
    return Object.keys(this.store.get().histories).map(Number);
  }

  private reveal(messageId: number, messages: ChatMessage[]): void {
    const found = messages.find((message) => message.message_id === messageId);
    if (!found) return this.messageMissing();
    this.store.update((state) => ({ ...state, view: { ...state.view, highlightSeq: found.seq } }));
    this.scroll(found.seq);
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
