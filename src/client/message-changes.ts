import type { ErrorCode } from '../protocol/errors.js';
import { type ChatMessage, REPLY_PREVIEW_LENGTH } from '../protocol/message.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { visibleMessages } from './history-store.js';
import { RequestsInFlight } from './requests.js';
import type { Store } from './store.js';
import { without } from './store.js';

/**
 * What a person does to messages already sent: edit, delete, react, and choose one to answer. Nothing
 * is changed here ahead of the server: its `send` frame with the message's new state (and a larger
 * rev) replaces the old one in the history (upsert by message_id), for this tab and every other.
 */
export class MessageChanges {
  /** Requests in flight: their `ack` or `error` is ours, not the outbox's. */
  private readonly requests: RequestsInFlight;

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    /** A change the server refused (or could not be sent): said to the person. */
    refused: (code: ErrorCode | 'offline') => void,
  ) {
    this.requests = new RequestsInFlight(store, connection, refused);
  }

  edit(messageId: number, content: string): void {
    this.stopEditing();
    const held = this.find(messageId);
    if (!held || held.content === content || content.trim() === '') return;
    this.submit((request_id) => this.connection.send('message_edit', { request_id, message_id: messageId, content }));
  }

  remove(messageId: number): void {
    if (this.store.get().editing === messageId) this.stopEditing();
    this.submit((request_id) => this.connection.send('message_delete', { request_id, message_id: messageId }));
  }

  /** From the picker: adds my reaction (the server acks one I already gave and changes nothing). */
  addReaction(messageId: number, emoji: string): void {
    this.submit((request_id) => this.connection.send('reaction_add', { request_id, message_id: messageId, emoji }));
  }

  /** Adds my reaction, or takes it back when I already gave this emoji (a chip's click). */
  toggleReaction(messageId: number, emoji: string): void {
    const me = this.store.get().user?.user_id;
    const mine = this.find(messageId)?.reactions?.some((reaction) => reaction.emoji === emoji && reaction.user_ids.includes(me ?? 0));
    this.submit((request_id) =>
      this.connection.send(mine ? 'reaction_remove' : 'reaction_add', { request_id, message_id: messageId, emoji }),
    );
  }

  startEditing(messageId: number): void {
    this.store.update((state) => (state.editing === messageId ? state : { ...state, editing: messageId }));
  }

  stopEditing(): void {
    this.store.update((state) => (state.editing === null ? state : { ...state, editing: null }));
  }

  /** Up-arrow in an empty composer: my newest message in the room that can still be edited. */
  editLast(roomId: number): boolean {
    const state = this.store.get();
    const history = state.histories[roomId];
    const me = state.user?.user_id;
    const last = history && visibleMessages(history).findLast((message) => message.user_id === me && !message.deleted);
    if (!last) return false;
    this.startEditing(last.message_id);
    return true;
  }

  replyTo(message: ChatMessage): void {
    const preview = {
      message_id: message.message_id,
      user_id: message.user_id,
      nickname: message.nickname,
      preview: [...message.content].slice(0, REPLY_PREVIEW_LENGTH).join(''),
    };
    this.store.update((state) => ({ ...state, replies: { ...state.replies, [message.room_id]: preview } }));
  }

  /** Returns whether the composer was answering a message. */
  cancelReply(roomId: number): boolean {
    const replies = without(this.store.get().replies, roomId);
    if (replies === this.store.get().replies) return false;
    this.store.update((state) => ({ ...state, replies }));
    return true;
  }

  /** "Show edits": asks for the earlier versions of one of my messages (the author's alone). */
  showVersions(messageId: number): void {
    this.store.update((state) => ({ ...state, versions: { messageId, items: null } }));
    this.submit((request_id) => this.connection.send('message_versions', { request_id, message_id: messageId }));
  }

  onVersions({ message_id, versions, request_id }: ServerPayloads['message_versions']): void {
    this.requests.answered(request_id);
    this.store.update((state) =>
      state.versions?.messageId === message_id ? { ...state, versions: { messageId: message_id, items: versions } } : state,
    );
  }

  closeVersions(): void {
    this.store.update((state) => (state.versions === null ? state : { ...state, versions: null }));
  }

  /** Returns whether the `ack` answered one of these changes. */
  acked(requestId: string): boolean {
    return this.requests.answered(requestId);
  }

  /** Returns whether the `error` answered one of these changes (and says why to the person). */
  failed(requestId: string | undefined, code: ErrorCode): boolean {
    if (!this.requests.failed(requestId, code)) return false;
    // Versions that will not come: the dialog waiting for them closes (the notice says why).
    if (this.store.get().versions?.items === null) this.closeVersions();
    return true;
  }

  /** The socket is gone: no answer will come to what was in flight. */
  abandon(): void {
    this.requests.abandon();
  }

  private submit(send: (requestId: string) => boolean): void {
    this.requests.submit(send);
  }

  private find(messageId: number): ChatMessage | undefined {
    for (const history of Object.values(this.store.get().histories)) {
      const found = history.messages.find((message) => message.message_id === messageId);
      if (found) return found;
    }
    return undefined;
  }
}
