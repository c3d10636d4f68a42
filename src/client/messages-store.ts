import type { ChatMessage } from '../protocol/message.js';
import { addLive, atEnd } from './history-store.js';
import { applyMessages } from './rooms-store.js';
import type { ChatState, PendingMessage } from './store.js';

/** The room whose new messages are read as they arrive: on screen, scrolled to its newest message, in a focused window. */
export function readingRoomId(state: ChatState): number | null {
  const history = state.histories[state.view.roomId];
  return state.focused && state.view.atBottom && history && atEnd(history) ? state.view.roomId : null;
}

/**
 * Messages from a `send` frame. Rooms whose history is held get them (upsert
 * by message_id); the local echo each of our own messages stands for goes,
 * matched by client_id or by the acked id. Live frames (not the page that
 * answers `authorized`) also move the sidebar's preview and unread count,
 * and a message arriving in the open room while the window is in the
 * background starts a "new messages" divider there.
 */
export function receiveMessages(state: ChatState, incoming: ChatMessage[], live: boolean): ChatState {
  if (incoming.length === 0) return state;
  const me = state.user?.user_id ?? 0;

  let histories = state.histories;
  for (const roomId of new Set(incoming.map((message) => message.room_id))) {
    const history = histories[roomId];
    if (!history) continue;
    const updated = addLive(
      history,
      incoming.filter((message) => message.room_id === roomId),
    );
    if (updated !== history) histories = { ...histories, [roomId]: updated };
  }

  const { pending } = settleEchoes(state, incoming);

  if (!live) return { ...state, histories, pending };
  const reading = readingRoomId(state);
  const rooms = applyMessages(state.rooms, incoming, me, reading);

  let view = state.view;
  const unseen = incoming.find((message) => message.room_id === view.roomId && message.user_id !== me);
  if (unseen && !state.focused && view.firstUnreadSeq === null) view = { ...view, firstUnreadSeq: unseen.seq, unreadAtOpen: 0 };
  return { ...state, histories, pending, rooms, view };
}

/** Our own messages among `incoming` replace their local echoes, matched by client_id or by the acked id. */
export function settleEchoes(state: ChatState, incoming: ChatMessage[]): ChatState {
  const me = state.user?.user_id ?? 0;
  const arrived = (pending: PendingMessage) =>
    incoming.some(
      (message) => message.message_id === pending.message_id || (message.client_id === pending.client_id && message.user_id === me),
    );
  return state.pending.some(arrived) ? { ...state, pending: state.pending.filter((item) => !arrived(item)) } : state;
}

export function updatePending(state: ChatState, requestId: string, change: Partial<PendingMessage>): ChatState {
  if (!state.pending.some((pending) => pending.request_id === requestId)) return state;
  return {
    ...state,
    pending: state.pending.map((pending) => (pending.request_id === requestId ? { ...pending, ...change } : pending)),
  };
}

/** An `ack`: the message is committed. Drop the echo if the message itself already came, else mark it sent. */
export function ackPending(state: ChatState, requestId: string, roomId: number, messageId: number): ChatState {
  if (state.histories[roomId]?.messages.some((message) => message.message_id === messageId)) {
    return { ...state, pending: state.pending.filter((pending) => pending.request_id !== requestId) };
  }
  return updatePending(state, requestId, { state: 'sent', message_id: messageId });
}
