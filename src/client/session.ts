import type { ServerFrame, ServerPayloads } from '../protocol/server-events.js';
import { Connection } from './connection.js';
import { Drafts } from './drafts.js';
import { receiveMessages } from './messages-store.js';
import { Outbox } from './outbox.js';
import { ReadTracker } from './read-tracker.js';
import { RoomActions } from './room-actions.js';
import { routeRoomFrame } from './room-frames.js';
import { RoomList } from './room-list.js';
import { RoomSync } from './room-sync.js';
import { type AuthMode, SignIn } from './sign-in.js';
import { addNotice, removeNotice, type Store } from './store.js';

const NOTICE_MS = 6_000;

/**
 * The chat as this page sees it: SignIn signs in (with the password once,
 * then with the session token after every reconnect and reload), RoomList
 * keeps the sidebar, RoomSync each room's history (catch-up included), RoomActions the forms,
 * members, presence and typing; every server frame becomes a store update.
 */
export class ChatSession {
  readonly outbox: Outbox;
  readonly drafts = new Drafts();
  readonly rooms: RoomSync;
  readonly list: RoomList;
  readonly actions: RoomActions;
  readonly reads: ReadTracker;
  private readonly connection: Connection;
  private readonly signIn: SignIn;

  constructor(
    private readonly store: Store,
    url: string,
  ) {
    this.connection = new Connection(url, {
      frame: (frame) => this.onFrame(frame),
      closed: (retryAt) => this.onClosed(retryAt),
    });
    this.outbox = new Outbox(store, this.connection, this.drafts);
    this.rooms = new RoomSync(store, this.connection, this.outbox);
    this.list = new RoomList(store, this.rooms);
    this.actions = new RoomActions(store, this.connection);
    this.reads = new ReadTracker(store, this.connection);
    this.signIn = new SignIn(store, this.connection, {
      signedIn: (resumed) => this.onSignedIn(resumed),
      resumePoint: () => this.rooms.resumePoint(),
      notify: (text) => this.notify(text),
    });
  }

  start(): void {
    // Drafts and the outbox belong to whoever is signed in (or shown while the stored session resumes).
    this.store.subscribe((state) => this.drafts.use(state.user?.user_id ?? null));
    this.outbox.start();
    this.signIn.restore();
    this.reads.start();
    this.connection.start();
  }

  /** From the form. */
  authenticate(mode: AuthMode, nickname: string, password: string): void {
    this.signIn.authenticate(mode, nickname, password);
  }

  signOut(): void {
    this.outbox.forget();
    this.drafts.forget();
    this.signIn.signOut();
  }

  /** "Reconnect now": the waiting retry goes at once. */
  reconnectNow(): void {
    this.connection.reconnectNow();
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
        this.store.update((state) => ({ ...state, status: 'connected', retryAt: null }));
        if (!this.signIn.connected()) this.connection.markHealthy();
        return;
      case 'authorize':
        return this.signIn.onAuthorize(frame.payload);
      case 'signed_out':
        return this.signIn.signedOut();
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

  private onSignedIn(resumed: boolean): void {
    if (resumed) {
      // The server is sending what each held room missed; the room list comes back as after any sign-in.
      this.rooms.resumed();
    } else {
      // The seed's "give me the chat"; its page of the default room is merged like any other, the catch-up does the rest.
      this.connection.send('authorized', { request_id: this.connection.nextRequestId() });
      this.rooms.signedIn();
    }
    this.outbox.resend();
    this.connection.markHealthy();
  }

  private onSend(payload: ServerPayloads['send']): void {
    // Live frames carry no request_id; the `authorized` page and the `resume` catch-up carry theirs.
    const live = payload.request_id === undefined;
    this.store.update((state) => receiveMessages(state, payload.messages, live));
    const me = this.store.get().user?.user_id;
    // Sending moved the sender's marker on the server too.
    for (const message of payload.messages) if (message.user_id === me) this.reads.note(message.room_id, message.seq);
    if (this.signIn.isCatchUp(payload.request_id)) this.rooms.caughtUp(payload.messages, payload.has_more === true);
    else if (live) this.rooms.fillGaps(payload.messages);
  }

  private onError(payload: ServerPayloads['error']): void {
    if (this.signIn.onError(payload)) return;
    const requestId = payload.request_id;
    if (this.actions.settle(requestId, payload.message)) return;
    if (this.rooms.failed(requestId)) return this.notify(`Could not load messages: ${payload.message}`);
    if (!this.outbox.refused(requestId, payload.code)) this.notify(payload.message);
  }

  private onClosed(retryAt: number): void {
    const lost = this.signIn.closed();
    this.rooms.closed();
    this.reads.forget();
    this.actions.abandon();
    this.store.update((state) => ({ ...state, status: 'reconnecting', retryAt, authBusy: false, authError: lost ?? state.authError }));
  }
}
