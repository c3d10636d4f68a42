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
  /** Paged by rev (changes included), not by seq. */
  byRev?: boolean;
  /** A message asked for by its id (a reply's quote): scrolled to and highlighted once its page is here. */
  targetId?: number;
}

let scrollTokens = 0;

/**
 * The messages of each opened room, kept in step with the server: loads the room list after every
 * sign-in, pages history on demand, and after a reconnect brings every held room forward from its
 * rev cursor (the `resume {since_rev}` catch-up, paged on with `after_rev` when capped; after a
 * password sign-in, `after_rev` pages alone): new messages and the latest state of changed ones.
 */
export class RoomSync {
  private readonly requests = new Map<string, HistoryRequest>();
  /** Per room: the newest rev seen (every change up to it is held, for the messages held). */
  private readonly revs = new Map<number, number>();
  /** Rooms paging a catch-up: live frames (newer) must not move their cursor past what the pages have brought. */
  private readonly catching = new Set<number>();

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
      if (history) this.catchUp(roomId, this.revs.get(roomId));
    }
  }

  /** After a `resume`: the list; the server sends what each room in `resumePoint` missed (see `caughtUp`). */
  resumed(): void {
    this.reloadList();
  }

  /**
   * For `resume`: per held room, the newest rev seen there, so the catch-up brings new messages AND
   * the latest state of every held message changed since (edited, deleted, reacted to). A room whose
   * rev is not known (no message seen) starts from its newest message shown, or seq 0.
   */
  resumePoint(): ResumePoint {
    const sinceRev: Record<string, number> = {};
    const since: Record<string, number> = {};
    const sinceSeq: Record<string, number> = {};
    for (const [id, history] of Object.entries(this.store.get().histories)) {
      if (!history.loaded) continue;
      const rev = this.revs.get(Number(id));
      const newest = visibleMessages(history).at(-1);
      if (rev !== undefined) sinceRev[id] = rev;
      else if (newest) since[id] = newest.message_id;
      else sinceSeq[id] = 0;
    }
    return { since, ...(Object.keys(sinceSeq).length > 0 ? { since_seq: sinceSeq } : {}), since_rev: sinceRev };
  }

  /**
   * Every message seen for a room (live, a page, a catch-up) moves its rev cursor: on one socket a
   * room's changes arrive in rev order, each once. A live one waits while the room pages a catch-up.
   */
  noteRevs(messages: ChatMessage[], live = false): void {
    for (const message of messages) {
      if (live && this.catching.has(message.room_id)) continue;
      if (message.rev > (this.revs.get(message.room_id) ?? 0)) this.revs.set(message.room_id, message.rev);
    }
  }

  /** A room's `resume` catch-up (one `send` frame): complete unless capped (then `resumed` says where to page on). */
  caughtUp(messages: ChatMessage[], hasMore: boolean): void {
    const roomId = messages[0]?.room_id;
    const history = roomId === undefined ? undefined : this.store.get().histories[roomId];
    if (roomId === undefined || !history?.loaded) return;
    if (!hasMore) this.outbox.settleRoom(roomId);
  }

  /** After the catch-up: each room's cursor, and the rooms whose catch-up was capped page on from it. */
  onResumed({ rooms }: ServerPayloads['resumed']): void {
    for (const room of rooms) {
      if (room.through_rev > (this.revs.get(room.room_id) ?? 0)) this.revs.set(room.room_id, room.through_rev);
      const history = this.store.get().histories[room.room_id];
      if (room.has_more && history?.loaded) this.catchUp(room.room_id, this.revs.get(room.room_id));
    }
  }

  /** Pages a held room forward: by rev when its cursor is known (changes included), else by seq. */
  private catchUp(roomId: number, rev: number | undefined): void {
    const history = this.store.get().histories[roomId];
    if (!history) return;
    this.catching.add(roomId);
    if (rev === undefined) this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
    else this.request(roomId, 'after', { after_rev: rev }, { catchUp: true, byRev: true });
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
    this.catching.clear();
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
    this.noteRevs(page.messages);
    this.store.update((state) => {
      const history = state.histories[roomId];
      return history ? { ...state, histories: { ...state.histories, [roomId]: applyPage(history, page, mode) } } : state;
    });
    if (request.target !== undefined && !page.messages.some((message) => message.seq === request.target)) this.messageMissing();
    if (request.scrollTo !== undefined) this.scroll(request.scrollTo);
    if (request.targetId !== undefined) this.reveal(request.targetId, page.messages);
    if (!request.catchUp) return;
    const history = this.store.get().histories[roomId];
    if (history && page.has_more_after) {
      // From where this page ends, not from the cursor: live frames may have come meanwhile.
      const lastRev = Math.max(0, ...page.messages.map((message) => message.rev));
      if (request.byRev) this.request(roomId, 'after', { after_rev: lastRev }, { catchUp: true, byRev: true });
      else this.request(roomId, 'after', { after_seq: newestVisibleSeq(history) }, { catchUp: true });
      return;
    }
    // Complete: everything up to the newest is held, the live frames that came meanwhile included.
    this.catching.delete(roomId);
    if (history) this.noteRevs(history.messages);
    this.outbox.settleRoom(roomId);
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
