import type { ServerFrame, ServerPayloads } from '../protocol/server-events.js';
import { Connection } from './connection.js';
import { Outbox } from './outbox.js';
import { addNotice, initialState, removeNotice, type Store, upsertMessages } from './store.js';

export type AuthMode = 'signin' | 'signup';

interface Credentials {
  nickname: string;
  password: string;
}

interface AuthRequest extends Credentials {
  requestId: string;
  mode: AuthMode;
  /** Sent by the session after a reconnect, not typed by the person. */
  automatic: boolean;
}

/** Refusals that retrying cannot change: the remembered credentials are useless, so ask the person. */
const FINAL_REFUSALS = new Set(['bad_credentials', 'invalid_nickname', 'weak_password', 'nickname_taken']);
const NOTICE_MS = 6_000;

/**
 * The chat as this page sees it: signs in (again after every reconnect, with
 * the credentials kept in memory only, never in storage), asks for the recent
 * page, and turns every server frame into a store update.
 */
export class ChatSession {
  readonly outbox: Outbox;
  private readonly connection: Connection;
  private credentials: Credentials | null = null;
  private auth: AuthRequest | null = null;
  private historyRequestId: string | null = null;

  constructor(
    private readonly store: Store,
    url: string,
  ) {
    this.connection = new Connection(url, {
      frame: (frame) => this.onFrame(frame),
      closed: (retryAt) => this.onClosed(retryAt),
    });
    this.outbox = new Outbox(store, this.connection);
  }

  start(): void {
    this.connection.start();
  }

  /** From the form. If the socket is not open yet, the request goes out as soon as it is. */
  authenticate(mode: AuthMode, nickname: string, password: string): void {
    this.auth = { requestId: this.connection.nextRequestId(), mode, nickname, password, automatic: false };
    this.store.update((state) => ({ ...state, authBusy: true, authError: null }));
    if (this.store.get().status === 'connected') this.sendAuth();
  }

  signOut(): void {
    this.credentials = null;
    this.auth = null;
    this.store.update(() => ({ ...initialState }));
    // A fresh socket for the next person: this one is signed in, and a connection cannot sign out.
    this.connection.send('disconnect', {});
    this.connection.restart(true);
  }

  notify(text: string): void {
    const { state, id } = addNotice(this.store.get(), text);
    this.store.update(() => state);
    setTimeout(() => this.dismiss(id), NOTICE_MS);
  }

  dismiss(id: number): void {
    this.store.update((state) => removeNotice(state, id));
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.kind) {
      case 'initial':
        this.onInitial();
        break;
      case 'authorize':
        this.onAuthorize(frame.payload);
        break;
      case 'send':
        this.onSend(frame.payload);
        break;
      case 'ack':
        this.outbox.acked(frame.payload.request_id, frame.payload.message_id);
        break;
      case 'error':
        this.onError(frame.payload);
        break;
      default:
        // `pong` and `remove` (presence) need nothing yet.
        break;
    }
  }

  private onInitial(): void {
    this.store.update((state) => ({ ...state, status: 'connected', retryAt: null }));
    if (!this.auth && this.credentials) {
      this.auth = { ...this.credentials, requestId: this.connection.nextRequestId(), mode: 'signin', automatic: true };
    }
    if (this.auth) this.sendAuth();
    else this.connection.markHealthy();
  }

  private sendAuth(): void {
    const auth = this.auth;
    if (!auth) return;
    this.connection.send(auth.mode, { request_id: auth.requestId, nickname: auth.nickname, password: auth.password });
  }

  private onAuthorize(payload: ServerPayloads['authorize']): void {
    const auth = this.auth;
    if (!auth || payload.request_id !== auth.requestId) return;
    this.auth = null;
    if (payload.allowed) {
      this.credentials = { nickname: auth.nickname, password: auth.password };
      const user = { user_id: payload.user_id ?? 0, nickname: payload.nickname ?? auth.nickname };
      this.store.update((state) => ({
        ...(state.user && state.user.user_id !== user.user_id ? initialState : state),
        status: 'signed-in',
        user,
        authBusy: false,
        authError: null,
      }));
      this.historyRequestId = this.connection.nextRequestId();
      this.connection.send('authorized', { request_id: this.historyRequestId });
      this.connection.markHealthy();
      return;
    }
    const refusal = { reason: payload.reason ?? 'refused', message: payload.message ?? 'The server refused to sign you in.' };
    if (auth.automatic && !FINAL_REFUSALS.has(refusal.reason)) {
      // Transient (rate limit, too many connections, server error): try again on a fresh socket later.
      this.notify(`Could not sign in again: ${refusal.message}`);
      this.connection.restart();
      return;
    }
    if (auth.automatic) this.credentials = null;
    this.store.update((state) => ({ ...state, user: auth.automatic ? null : state.user, authBusy: false, authError: refusal }));
  }

  private onSend(payload: ServerPayloads['send']): void {
    this.store.update((state) => upsertMessages(state, payload.messages));
    if (payload.request_id === undefined || payload.request_id !== this.historyRequestId) return;
    this.historyRequestId = null;
    this.store.update((state) => ({ ...state, hasMore: payload.has_more ?? false }));
    this.outbox.resend();
  }

  private onError(payload: ServerPayloads['error']): void {
    const requestId = payload.request_id;
    if (requestId !== undefined && requestId === this.auth?.requestId) {
      // A sign-in the server could not even read (e.g. a field over its length limit).
      this.auth = null;
      this.store.update((state) => ({ ...state, authBusy: false, authError: { reason: payload.code, message: payload.message } }));
      return;
    }
    if (requestId !== undefined && requestId === this.historyRequestId) {
      // No history this time, but what waits in the outbox can still go out.
      this.historyRequestId = null;
      this.outbox.resend();
    }
    if (!this.outbox.refused(requestId, payload.message)) this.notify(payload.message);
  }

  private onClosed(retryAt: number): void {
    const auth = this.auth;
    this.auth = null;
    this.historyRequestId = null;
    const lost = auth && !auth.automatic ? { reason: 'connection_lost', message: 'The connection dropped; please try again.' } : null;
    this.store.update((state) => ({ ...state, status: 'reconnecting', retryAt, authBusy: false, authError: lost ?? state.authError }));
  }
}
