import type { ErrorCode } from '../protocol/errors.js';
import type { Connection } from './connection.js';
import type { Store } from './store.js';

/**
 * Requests sent and not yet answered, for one part of the page (message changes, moderation): their
 * `ack`, answer or `error` is that part's, and a refusal is said to the person. Nothing is sent while
 * signed out; that too is said ('offline').
 */
export class RequestsInFlight {
  private readonly ids = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    private readonly refused: (code: ErrorCode | 'offline') => void,
  ) {}

  submit(send: (requestId: string) => boolean): void {
    const requestId = this.connection.nextRequestId();
    if (this.store.get().status !== 'signed-in' || !send(requestId)) return this.refused('offline');
    this.ids.add(requestId);
  }

  /** Returns whether the answer was to one of these. */
  answered(requestId: string | undefined): boolean {
    return requestId !== undefined && this.ids.delete(requestId);
  }

  /** Returns whether the `error` answered one of these (and says why to the person). */
  failed(requestId: string | undefined, code: ErrorCode): boolean {
    if (!this.answered(requestId)) return false;
    this.refused(code);
    return true;
  }

  /** The socket is gone: no answer will come to what was in flight. */
  abandon(): void {
    this.ids.clear();
  }
}
