import type { ServerFrame, ServerPayloads } from '../protocol/server-events.js';
import { Connection } from './connection.js';
import { receiveMessages } from './messages-store.js';
import { Outbox } from './outbox.js';
import { ReadTracker } from './read-tracker.js';
import { RoomActions } from './room-actions.js';
import { routeRoomFrame } from './room-frames.js';
import { RoomSync } from './room-sync.js';
import { addNotice, initialState, removeNotice, type Store } from './store.js';

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
 * the credentials kept in memory only, never in storage), then hands the
 * rooms to RoomSync (list, history, catch-up) and RoomActions (forms,
 * members, presence, typing), and turns every server frame into a store update.
 */
export class ChatSession {
  readonly outbox: Outbox;
  readonly rooms: RoomSync;
  readonly actions: RoomActions;
  readonly reads: ReadTracker;
  private readonly connection: Connection;
  private credentials: Credentials | null = null;
  private auth: AuthRequest | null = null;

  constructor(
    private readonly store: Store,
    url: string,
  ) {
    this.connection = new Connection(url, {
      frame: (frame) => this.onFrame(frame),
      closed: (retryAt) => this.onClosed(retryAt),
    });
    this.outbox = new Outbox(store, this.connection);
    this.rooms = new RoomSync(store, this.connection, this.outbox);
    this.actions = new RoomActions(store, this.connection);
    this.reads = new ReadTracker(store, this.connection);
  }

  start(): void {
    this.reads.start();
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
    this.store.update((state) => ({ ...initialState, focused: state.focused }));
    // A fresh socket for the next person: this one is signed in, and a connection cannot sign out.
    this.connection.send('disconnect', {});
    this.connection.restart(true);
  }

  /** Posts to the room on screen, after bringing its newest messages back if an older stretch is shown. */
  send(roomId: number, content: string): void {
    this.rooms.jumpToLatest(roomId);
    this.outbox.add(roomId, content);
    this.actions.sent(roomId);
  }

  setFocused(focused: boolean): void {
    this.store.update((state) => (state.focused === focused ? state : { ...state, focused }));
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
        return this.onInitial();
      case 'authorize':
        return this.onAuthorize(frame.payload);
      case 'send':
        return this.onSend(frame.payload);
      case 'ack':
        return this.outbox.acked(frame.payload.request_id, frame.payload.room_id, frame.payload.message_id);
      case 'error':
        return this.onError(frame.payload);
      default:
        return routeRoomFrame(frame, this);
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
        ...(state.user && state.user.user_id !== user.user_id ? { ...initialState, focused: state.focused } : state),
        status: 'signed-in',
        user,
        authBusy: false,
        authError: null,
      }));
      // The seed's "give me the chat"; its page of the default room is merged like any other, the catch-up does the rest.
      this.connection.send('authorized', { request_id: this.connection.nextRequestId() });
      this.rooms.signedIn();
      this.outbox.resend();
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
    const live = payload.request_id === undefined;
    this.store.update((state) => receiveMessages(state, payload.messages, live));
    const me = this.store.get().user?.user_id;
    // Sending moved the sender's marker on the server too.
    for (const message of payload.messages) if (message.user_id === me) this.reads.note(message.room_id, message.seq);
  }

  private onError(payload: ServerPayloads['error']): void {
    const requestId = payload.request_id;
    if (requestId !== undefined && requestId === this.auth?.requestId) {
      // A sign-in the server could not even read (e.g. a field over its length limit).
      this.auth = null;
      this.store.update((state) => ({ ...state, authBusy: false, authError: { reason: payload.code, message: payload.message } }));
      return;
    }
    if (this.actions.settle(requestId, payload.message)) return;
    if (this.rooms.failed(requestId)) return this.notify(`Could not load messages: ${payload.message}`);
    if (!this.outbox.refused(requestId, payload.message)) this.notify(payload.message);
  }

  private onClosed(retryAt: number): void {
    const auth = this.auth;
    this.auth = null;
    this.rooms.closed();
    this.reads.forget();
    this.actions.abandon();
    const lost = auth && !auth.automatic ? { reason: 'connection_lost', message: 'The connection dropped; please try again.' } : null;
    this.store.update((state) => ({ ...state, status: 'reconnecting', retryAt, authBusy: false, authError: lost ?? state.authError }));
  }
}
