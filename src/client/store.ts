import type { ChatMessage } from '../protocol/message.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'signed-in' | 'reconnecting';

/** A message typed here and not yet seen in a `send` frame (Zulip's "local echo"). */
export interface PendingMessage {
  client_id: string;
  request_id: string;
  content: string;
  /** sending: written to the socket (or waiting for one); sent: acked, committed; failed: refused. */
  state: 'sending' | 'sent' | 'failed';
  error?: string;
  message_id?: number;
}

export interface Notice {
  id: number;
  text: string;
}

export interface ChatState {
  status: ConnectionStatus;
  /** When the next reconnect attempt is due (ms since epoch), while reconnecting. */
  retryAt: number | null;
  user: { user_id: number; nickname: string } | null;
  authBusy: boolean;
  authError: { reason: string; message: string } | null;
  messages: ChatMessage[];
  pending: PendingMessage[];
  /** The server holds older messages than the first one shown. */
  hasMore: boolean;
  notices: Notice[];
}

/** How many messages the page keeps; the oldest fall off a long session. */
const MAX_MESSAGES = 1_000;

export const initialState: ChatState = {
  status: 'connecting',
  retryAt: null,
  user: null,
  authBusy: false,
  authError: null,
  messages: [],
  pending: [],
  hasMore: false,
  notices: [],
};

const byPosition = (a: ChatMessage, b: ChatMessage) => a.room_id - b.room_id || a.seq - b.seq || a.message_id - b.message_id;

/**
 * Merges messages from a `send` frame: upsert by `message_id` (a later copy
 * replaces an earlier one, as edits will), and drop the local echo that each
 * of our own messages stands for, matched by `client_id` or by the acked id.
 */
export function upsertMessages(state: ChatState, incoming: ChatMessage[]): ChatState {
  if (incoming.length === 0) return state;
  const byId = new Map(state.messages.map((message) => [message.message_id, message]));
  for (const message of incoming) byId.set(message.message_id, message);
  const messages = [...byId.values()].sort(byPosition).slice(-MAX_MESSAGES);
  const me = state.user?.user_id;
  const arrived = (pending: PendingMessage) =>
    incoming.some(
      (message) => message.message_id === pending.message_id || (message.client_id === pending.client_id && message.user_id === me),
    );
  return { ...state, messages, pending: state.pending.filter((pending) => !arrived(pending)) };
}

export function updatePending(state: ChatState, requestId: string, change: Partial<PendingMessage>): ChatState {
  if (!state.pending.some((pending) => pending.request_id === requestId)) return state;
  return {
    ...state,
    pending: state.pending.map((pending) => (pending.request_id === requestId ? { ...pending, ...change } : pending)),
  };
}

/** An `ack`: the message is committed. Drop the echo if the message itself already came, else mark it sent. */
export function ackPending(state: ChatState, requestId: string, messageId: number): ChatState {
  if (state.messages.some((message) => message.message_id === messageId)) {
    return { ...state, pending: state.pending.filter((pending) => pending.request_id !== requestId) };
  }
  return updatePending(state, requestId, { state: 'sent', message_id: messageId });
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
