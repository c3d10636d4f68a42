import { DEFAULT_ROOM_ID, type ReplyPreview } from '../protocol/message.js';
import type { ServerRole } from '../protocol/roles.js';
import type { DirectoryEntry, MemberInfo, RoomMemberRef, RoomSummary } from '../protocol/rooms.js';
import { type AdminState, initialAdmin } from './admin-store.js';
import type { RoomHistory } from './history-store.js';
import { initialSearch, type SearchState } from './search.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'signed-in' | 'reconnecting';

/** A message typed here and not yet seen in a `send` frame (Zulip's "local echo"). */
export interface PendingMessage {
  client_id: string;
  request_id: string;
  room_id: number;
  content: string;
  /** File ids from POST /api/uploads, sent with the text. */
  attachments?: string[];
  /** sending: written to the socket (or waiting for one, or for a retry); sent: acked, committed; failed: refused. */
  state: 'sending' | 'sent' | 'failed';
  /** Why it failed: the server's error code. */
  error?: string;
  message_id?: number;
  /** The message this one answers. */
  reply_to?: number;
}

export interface Notice {
  id: number;
  text: string;
}

/** The forms (and the one confirmation) whose server errors are shown beside them. */
export type FormKey = 'create' | 'conversation' | 'join' | 'invite' | 'edit' | 'leave' | 'archive';

export interface FormState {
  requestId: string;
  status: 'busy' | 'done' | 'failed';
  error?: string;
  /** The room the request was about, e.g. which Join button was pressed. */
  target?: number;
}

/** Where a message list should scroll to next; a new token asks again for the same place. */
export interface ScrollRequest {
  to: 'bottom' | number;
  token: number;
}

/** The room on screen. The divider position is taken when the room is opened and stays until another is. */
export interface RoomView {
  roomId: number;
  /** seq of the first message that was unread when the room was opened (the "new messages" divider). */
  firstUnreadSeq: number | null;
  unreadAtOpen: number;
  scroll: ScrollRequest | null;
  /** The newest seq that has been on screen in this room (only those count as read). */
  seenSeq: number;
  /** The list is scrolled to its end: new messages show as they come, and are read. */
  atBottom: boolean;
  /** A message opened by its address (/r/<room>/<seq>), shown highlighted. */
  highlightSeq: number | null;
}

export interface ChatState {
  status: ConnectionStatus;
  /** When the next reconnect attempt is due (ms since epoch), while reconnecting. */
  retryAt: number | null;
  user: { user_id: number; nickname: string } | null;
  /** The account's server role (from `authorize`, kept current by `user_updated`); null until signed in. */
  serverRole: ServerRole | null;
  authBusy: boolean;
  authError: { reason: string; message: string } | null;
  /** The server has no account yet (from `initial`): the sign-up form says the first one becomes admin. */
  firstAccount: boolean;
  /** `signout` sent, `signed_out` not yet here. */
  signingOut: boolean;
  /** The user's rooms, DMs and group DMs, as the sidebar lists them. */
  rooms: RoomSummary[];
  roomsLoaded: boolean;
  view: RoomView;
  /** Messages of the rooms opened so far, by room_id; other rooms only update their sidebar entry. */
  histories: Record<number, RoomHistory>;
  pending: PendingMessage[];
  /** Online (true) or offline, by user_id, from room summaries (DMs), `members` answers and `presence` events. */
  presence: Record<number, boolean>;
  /** Who else is typing, by room_id. */
  typing: Record<number, RoomMemberRef[]>;
  members: Record<number, MemberInfo[]>;
  directory: DirectoryEntry[] | null;
  forms: Partial<Record<FormKey, FormState>>;
  /** The message being edited in place (one at a time), by message_id. */
  editing: number | null;
  /** The message the composer of each room answers, by room_id ("replying to …"). */
  replies: Record<number, ReplyPreview>;
  /** "Show edits" of one of my messages: its earlier versions, oldest first (null while they load). */
  versions: { messageId: number; items: MessageVersion[] | null } | null;
  /** The window has focus and the page is visible: messages shown count as read. */
  focused: boolean;
  notices: Notice[];
  search: SearchState;
  /** The admin panel's lists (admins only). */
  admin: AdminState;
}

/** An earlier text of an edited message, and when it was written. */
export interface MessageVersion {
  content: string;
  datetime: string;
}

export const initialState: ChatState = {
  status: 'connecting',
  retryAt: null,
  user: null,
  serverRole: null,
  authBusy: false,
  authError: null,
  firstAccount: false,
  signingOut: false,
  rooms: [],
  roomsLoaded: false,
  view: { roomId: DEFAULT_ROOM_ID, firstUnreadSeq: null, unreadAtOpen: 0, scroll: null, seenSeq: 0, atBottom: true, highlightSeq: null },
  histories: {},
  pending: [],
  presence: {},
  typing: {},
  members: {},
  directory: null,
  forms: {},
  editing: null,
  replies: {},
  versions: null,
  focused: true,
  notices: [],
  search: initialSearch,
  admin: initialAdmin,
};

/** A copy of a by-id record without one key. */
export function without<T>(record: Record<number, T>, key: number): Record<number, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

let noticeIds = 0;

export function addNotice(state: ChatState, text: string): { state: ChatState; id: number } {
  noticeIds += 1;
  const id = noticeIds;
  return { state: { ...state, notices: [...state.notices.slice(-2), { id, text }] }, id };
}

export function removeNotice(state: ChatState, id: number): ChatState {
  return state.notices.some((notice) => notice.id === id)
    ? { ...state, notices: state.notices.filter((notice) => notice.id !== id) }
    : state;
}

/** A tiny observable holder; components subscribe through `useChatState`. */
export class Store {
  private state: ChatState = initialState;
  private readonly listeners = new Set<(state: ChatState) => void>();

  get(): ChatState {
    return this.state;
  }

  update(change: (state: ChatState) => ChatState): void {
    const next = change(this.state);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }

  subscribe(listener: (state: ChatState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
