import type { ChatMessage } from '../protocol/message.js';
import type { ServerPayloads } from '../protocol/server-events.js';

/**
 * latest: the newest page; around: the page centred on a seq (jump to the first unread);
 * before / after: the next page up or down from what is held.
 */
export type PageMode = 'latest' | 'around' | 'before' | 'after';

/**
 * The messages held for one room, sorted by seq and unique by message_id.
 * Seq grows by exactly one per message, so a gap is visible: only the run of
 * consecutive seqs from the oldest message held is shown, and messages that
 * arrived past a gap (live, while a page was on its way) wait there until a
 * page fills it. That is how a reconnect or a jump can never show a hole.
 */
export interface RoomHistory {
  messages: ChatMessage[];
  /** The first page has arrived. */
  loaded: boolean;
  hasMoreBefore: boolean;
  /** The server holds newer messages than the shown run ends with (false when the newest page is shown). */
  hasMoreAfter: boolean;
  /** A page request in flight. */
  loading: PageMode | null;
}

export const emptyHistory: RoomHistory = { messages: [], loaded: false, hasMoreBefore: false, hasMoreAfter: false, loading: 'latest' };

const bySeq = (a: ChatMessage, b: ChatMessage) => a.seq - b.seq || a.message_id - b.message_id;

/**
 * Merges by message_id and keeps seq order. Of two states of one message the one with the larger rev
 * wins (an edit, a deletion, a reaction), so a history page read before a change but answered after
 * its live `send` cannot put the older state back.
 */
export function upsertMessages(messages: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return messages;
  const byId = new Map(messages.map((message) => [message.message_id, message]));
  let changed = false;
  for (const message of incoming) {
    const held = byId.get(message.message_id);
    if (held && held.rev >= message.rev && held !== message) continue;
    byId.set(message.message_id, message);
    changed = true;
  }
  return changed ? [...byId.values()].sort(bySeq) : messages;
}

/** How many messages from the oldest held have consecutive seqs. */
function runLength(messages: ChatMessage[]): number {
  let length = messages.length === 0 ? 0 : 1;
  while (length < messages.length && (messages[length] as ChatMessage).seq <= (messages[length - 1] as ChatMessage).seq + 1) length++;
  return length;
}

/** The messages the list shows: the consecutive run from the oldest held. */
export function visibleMessages(history: RoomHistory): ChatMessage[] {
  const length = runLength(history.messages);
  return length === history.messages.length ? history.messages : history.messages.slice(0, length);
}

/** seq of the newest message shown (0 when none): what `read` marks and where `after_seq` paging continues. */
export function newestVisibleSeq(history: RoomHistory): number {
  const length = runLength(history.messages);
  return length === 0 ? 0 : (history.messages[length - 1] as ChatMessage).seq;
}

/** The newest message of the room is shown, so a live one will appear right below it. */
export function atEnd(history: RoomHistory): boolean {
  return history.loaded && !history.hasMoreAfter && runLength(history.messages) === history.messages.length;
}

export function holdsSeq(history: RoomHistory, seq: number): boolean {
  return visibleMessages(history).some((message) => message.seq === seq);
}

/**
 * Live messages (`send` frames) for a room whose history is held. A change to a message older than
 * everything held (an edit far up the room) replaces nothing shown and would sit before the run as a
 * gap: it is dropped, and that message's page brings its latest state when it is loaded.
 */
export function addLive(history: RoomHistory, messages: ChatMessage[]): RoomHistory {
  const oldest = history.messages[0]?.seq ?? 0;
  const kept = messages.filter((message) => message.seq >= oldest);
  const merged = upsertMessages(history.messages, kept);
  return merged === history.messages ? history : { ...history, messages: merged };
}

/** Merges a `history` answer. latest/around replace what is shown, keeping only live messages newer than the page. */
export function applyPage(history: RoomHistory, page: ServerPayloads['history'], mode: PageMode): RoomHistory {
  const loading = history.loading === mode ? null : history.loading;
  if (mode === 'before') {
    return { ...history, messages: upsertMessages(history.messages, page.messages), hasMoreBefore: page.has_more_before, loading };
  }
  if (mode === 'after') {
    return { ...history, messages: upsertMessages(history.messages, page.messages), hasMoreAfter: page.has_more_after, loading };
  }
  const pageEnd = page.messages.at(-1)?.seq ?? 0;
  const newer = history.messages.filter((message) => message.seq > pageEnd);
  return {
    messages: upsertMessages(page.messages, newer),
    loaded: true,
    hasMoreBefore: page.has_more_before,
    hasMoreAfter: page.has_more_after,
    loading,
  };
}
