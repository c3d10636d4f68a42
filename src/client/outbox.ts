import { type ErrorCode, RETRYABLE_ERROR_CODES } from '../protocol/errors.js';
import type { ChatMessage } from '../protocol/message.js';
import { backoffDelay } from '../protocol/reconnect.js';
import { readStored, removeStored, writeStored } from './browser-storage.js';
import type { Connection } from './connection.js';
import { randomId } from './connection.js';
import type { Drafts } from './drafts.js';
import { ackPending, settleEchoes, updatePending } from './messages-store.js';
import type { ChatState, PendingMessage, Store } from './store.js';

/** The refusals that are about the text itself: it goes back to the composer to be changed, not to a retry. */
const GIVE_BACK: ReadonlySet<string> = new Set<ErrorCode>(['too_large', 'invalid_payload']);

const storageKey = (userId: number) => `outbox:${userId}`;

/** What is kept of a pending message across a reload (its request_id belongs to the page that sent it). */
type StoredMessage = Pick<PendingMessage, 'client_id' | 'room_id' | 'content' | 'attachments' | 'state' | 'error' | 'reply_to'>;

/**
 * Messages typed here until the server has them. Each carries a client_id
 * (the server's idempotency key), so sending one again after a reconnect, a
 * retryable refusal or a reload can never store it twice. Until acked they are
 * kept in localStorage, so closing the tab while offline loses nothing: the
 * next page signed in as the same person sends them.
 */
export class Outbox {
  private readonly retries = new Map<string, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
  private owner: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    private readonly drafts: Drafts,
  ) {}

  /** Follows the store: loads the outbox of whoever signs in, and keeps storage in step with `pending`. */
  start(): void {
    let saved = this.store.get().pending;
    const sync = (state: ChatState) => {
      const userId = state.user?.user_id ?? null;
      if (userId !== this.owner) {
        this.owner = userId;
        if (userId !== null) this.load(userId);
      } else if (state.pending !== saved && userId !== null) {
        this.save(userId, state.pending);
      }
      saved = this.store.get().pending;
    };
    this.store.subscribe(sync);
    sync(this.store.get());
  }

  /** Queues a message: its text, the files already uploaded for it, the message it answers. */
  add(roomId: number, content: string, { attachments = [], replyTo }: { attachments?: string[]; replyTo?: number } = {}): void {
    if (content.trim().length === 0 && attachments.length === 0) return;
    const pending: PendingMessage = {
      client_id: randomId(),
      request_id: this.connection.nextRequestId(),
      room_id: roomId,
      content,
      state: 'sending',
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(replyTo === undefined ? {} : { reply_to: replyTo }),
    };
    this.store.update((state) => ({ ...state, pending: [...state.pending, pending] }));
    this.transmit(pending);
  }

  retry(clientId: string): void {
    const pending = this.find(clientId);
    if (!pending) return;
    this.store.update((state) => updatePending(state, pending.request_id, { state: 'sending', error: undefined }));
    this.transmit(pending);
  }

  discard(clientId: string): void {
    this.cancelRetry(clientId);
    this.store.update((state) => ({ ...state, pending: state.pending.filter((item) => item.client_id !== clientId) }));
  }

  /** After a (re)sign-in: what was never acked goes out again; the client_id makes that safe. */
  resend(): void {
    for (const pending of this.store.get().pending) {
      if (pending.state === 'sending' && !this.retries.has(pending.client_id)) this.transmit(pending);
    }
  }

  /**
   * A room has caught up after a reconnect: every committed message is in
   * its history now, so acked echoes still waiting for their `send` frame
   * (which the dropped socket never delivered) are already shown and go.
   */
  settleRoom(roomId: number): void {
    const stale = (pending: PendingMessage) => pending.room_id === roomId && pending.state === 'sent';
    this.store.update((state) => (state.pending.some(stale) ? { ...state, pending: state.pending.filter((item) => !stale(item)) } : state));
  }

  /** Messages seen in a history page: echoes of ours among them (committed before an ack could come) go. */
  arrived(messages: ChatMessage[]): void {
    this.store.update((state) => settleEchoes(state, messages));
  }

  acked(requestId: string, roomId: number, messageId: number): void {
    this.store.update((state) => ackPending(state, requestId, roomId, messageId));
  }

  /**
   * Returns whether the error answered one of our messages. A retryable code keeps it pending and sends
   * it again after a backoff; a refusal of the text itself hands it back to the composer; others show
   * "Not sent" with Retry and Discard.
   */
  refused(requestId: string | undefined, code: ErrorCode): boolean {
    const pending = this.store.get().pending.find((item) => item.request_id === requestId);
    if (requestId === undefined || !pending) return false;
    if (RETRYABLE_ERROR_CODES.has(code)) {
      this.scheduleRetry(pending);
    } else if (GIVE_BACK.has(code)) {
      this.discard(pending.client_id);
      this.drafts.giveBack(pending.room_id, pending.content, code);
    } else {
      this.store.update((state) => updatePending(state, requestId, { state: 'failed', error: code }));
    }
    return true;
  }

  /** Signing out: nothing typed stays behind on this browser. */
  forget(): void {
    for (const clientId of [...this.retries.keys()]) this.cancelRetry(clientId);
    if (this.owner !== null) removeStored(storageKey(this.owner));
  }

  private scheduleRetry(pending: PendingMessage): void {
    const attempt = (this.retries.get(pending.client_id)?.attempt ?? 0) + 1;
    const timer = setTimeout(() => {
      this.retries.delete(pending.client_id);
      const current = this.find(pending.client_id);
      if (current?.state === 'sending') this.transmit(current);
    }, backoffDelay(attempt));
    this.retries.set(pending.client_id, { timer, attempt });
  }

  private cancelRetry(clientId: string): void {
    clearTimeout(this.retries.get(clientId)?.timer);
    this.retries.delete(clientId);
  }

  private find(clientId: string): PendingMessage | undefined {
    return this.store.get().pending.find((item) => item.client_id === clientId);
  }

  /** Written only while signed in; otherwise it waits for `resend`. */
  private transmit({ request_id, client_id, content, room_id, attachments, reply_to }: PendingMessage): void {
    if (this.store.get().status !== 'signed-in') return;
    this.connection.send('message', {
      request_id,
      client_id,
      content,
      room_id,
      ...(attachments ? { attachments } : {}),
      ...(reply_to === undefined ? {} : { reply_to }),
    });
  }

  private save(userId: number, pending: PendingMessage[]): void {
    const unacked: StoredMessage[] = pending
      .filter((item) => item.state !== 'sent')
      .map(({ client_id, room_id, content, attachments, state, error, reply_to }) => ({
        client_id,
        room_id,
        content,
        state,
        ...(attachments ? { attachments } : {}),
        ...(error ? { error } : {}),
        ...(reply_to === undefined ? {} : { reply_to }),
      }));
    if (unacked.length === 0) removeStored(storageKey(userId));
    else writeStored(storageKey(userId), unacked);
  }

  private load(userId: number): void {
    const stored = readStored(storageKey(userId));
    if (!Array.isArray(stored)) return;
    const held = new Set(this.store.get().pending.map((item) => item.client_id));
    const restored: PendingMessage[] = (stored as StoredMessage[])
      .filter((item) => typeof item?.client_id === 'string' && typeof item.content === 'string' && typeof item.room_id === 'number')
      .filter((item) => !held.has(item.client_id))
      .map((item) => ({ ...item, state: item.state === 'failed' ? 'failed' : 'sending', request_id: this.connection.nextRequestId() }));
    if (restored.length > 0) this.store.update((state) => ({ ...state, pending: [...state.pending, ...restored] }));
  }
}
