import type { Connection } from './connection.js';
import { randomId } from './connection.js';
import { ackPending, updatePending } from './messages-store.js';
import type { PendingMessage, Store } from './store.js';

/**
 * Messages typed here until the server has them. Each carries a client_id
 * (the server's idempotency key), so sending one again after a reconnect or a
 * refusal can never store it twice.
 */
export class Outbox {
  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
  ) {}

  add(roomId: number, content: string): void {
    if (content.trim().length === 0) return;
    const pending: PendingMessage = {
      client_id: randomId(),
      request_id: this.connection.nextRequestId(),
      room_id: roomId,
      content,
      state: 'sending',
    };
    this.store.update((state) => ({ ...state, pending: [...state.pending, pending] }));
    this.transmit(pending);
  }

  retry(clientId: string): void {
    const pending = this.store.get().pending.find((item) => item.client_id === clientId);
    if (!pending) return;
    this.store.update((state) => updatePending(state, pending.request_id, { state: 'sending', error: undefined }));
    this.transmit(pending);
  }

  discard(clientId: string): void {
    this.store.update((state) => ({ ...state, pending: state.pending.filter((item) => item.client_id !== clientId) }));
  }

  /** After a (re)sign-in: what was never acked goes out again; the client_id makes that safe. */
  resend(): void {
    for (const pending of this.store.get().pending) {
      if (pending.state === 'sending') this.transmit(pending);
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

  acked(requestId: string, roomId: number, messageId: number): void {
    this.store.update((state) => ackPending(state, requestId, roomId, messageId));
  }

  /** Returns whether the error answered one of our messages. */
  refused(requestId: string | undefined, message: string): boolean {
    if (requestId === undefined || !this.store.get().pending.some((pending) => pending.request_id === requestId)) return false;
    this.store.update((state) => updatePending(state, requestId, { state: 'failed', error: message }));
    return true;
  }

  /** Written only while signed in; otherwise it waits for `resend`. */
  private transmit({ request_id, client_id, content, room_id }: PendingMessage): void {
    if (this.store.get().status !== 'signed-in') return;
    this.connection.send('message', { request_id, client_id, content, room_id });
  }
}
