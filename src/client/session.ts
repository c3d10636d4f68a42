import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import { AdminConsole } from './admin.js';
import { Connection } from './connection.js';
import { DesktopNotifier } from './desktop-notifier.js';
import { Drafts } from './drafts.js';
import { errorText } from './error-text.js';
import { routeFrame } from './frame-routes.js';
import { type Language, rememberLanguage } from './i18n/language.js';
import { currentLanguage, setLanguage, t } from './i18n/translate.js';
import { MessageChanges } from './message-changes.js';
import { receiveMessages } from './messages-store.js';
import { Moderation } from './moderation-actions.js';
import { Navigation } from './navigation.js';
import { Outbox } from './outbox.js';
import { PushDevice } from './push-device.js';
import { ReadTracker } from './read-tracker.js';
import { RoomActions } from './room-actions.js';
import { RoomList } from './room-list.js';
import { RoomSnapshot } from './room-snapshot.js';
import { RoomSync } from './room-sync.js';
import type { Place } from './router.js';
import { Search } from './search.js';
import { type AuthMode, SignIn } from './sign-in.js';
import { addNotice, removeNotice, type Store } from './store.js';
import { Uploads } from './uploads.js';

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
  readonly changes: MessageChanges;
  readonly moderation: Moderation;
  readonly admin: AdminConsole;
  readonly reads: ReadTracker;
  readonly signIn: SignIn;
  readonly navigation: Navigation;
  readonly uploads: Uploads;
  readonly search: Search;
  readonly desktop: DesktopNotifier;
  readonly push: PushDevice;
  private readonly snapshot: RoomSnapshot;
  private readonly connection: Connection;
  private readonly languageListeners = new Set<() => void>();

  constructor(
    private readonly store: Store,
    url: string,
  ) {
    this.connection = new Connection(url, {
      frame: (frame) => routeFrame(frame, this),
      closed: (retryAt) => this.onClosed(retryAt),
    });
    this.outbox = new Outbox(store, this.connection, this.drafts);
    this.rooms = new RoomSync(store, this.connection, this.outbox, () => this.notify(t('notice.messageNotFound')));
    this.list = new RoomList(store, this.rooms, () => {
      this.notify(t('notice.roomNotFound'));
      this.navigation.replace(DEFAULT_ROOM_ID);
    });
    this.navigation = new Navigation(store, { go: (place) => this.go(place) });
    this.actions = new RoomActions(store, this.connection);
    this.changes = new MessageChanges(store, this.connection, (code) => this.notify(errorText(code, 'change')));
    this.moderation = new Moderation(store, this.connection, (code) => this.notify(errorText(code, 'moderate')));
    this.admin = new AdminConsole(store, this.connection);
    this.reads = new ReadTracker(store, this.connection);
    this.uploads = new Uploads(
      () => this.signIn.currentToken(),
      (roomId, content, attachments, replyTo) => this.send(roomId, content, { attachments, replyTo }),
      (roomId) => this.takeReply(roomId),
    );
    this.search = new Search(store, this.connection);
    this.push = new PushDevice(this.connection);
    this.snapshot = new RoomSnapshot(store);
    this.desktop = new DesktopNotifier(store, (roomId, seq) => this.rooms.open(roomId, seq));
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
    this.navigation.start();
    this.signIn.restore();
    this.snapshot.restore();
    this.snapshot.start();
    this.reads.start();
    this.connection.start();
  }

  /** From the form. */
  authenticate(mode: AuthMode, nickname: string, password: string): void {
    this.signIn.authenticate(mode, nickname, password);
  }

  signOut(): void {
    void this.push.unsubscribe().catch(() => {});
    const me = this.store.get().user;
    if (me) this.snapshot.forget(me.user_id);
    this.outbox.forget();
    this.drafts.forget();
    this.signIn.signOut();
  }

  /** "Reconnect now": the waiting retry goes at once. */
  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  /** From a room link, the quick switcher or a shortcut: shows the room (its address follows, see Navigation). */
  openRoom(roomId: number): void {
    this.rooms.open(roomId);
  }

  /** From a search result: the room, with the page around the message, scrolled to it and highlighted. */
  openMessage(roomId: number, seq: number): void {
    this.rooms.open(roomId, seq);
  }

  /** From an address, or a notification's click: a room, or a message in it. */
  go(place: Place): void {
    this.rooms.open(place.roomId, place.seq);
  }

  get language(): Language {
    return currentLanguage();
  }

  /** The page re-renders in the new language (see main.tsx); this browser remembers it. */
  chooseLanguage(language: Language): void {
    rememberLanguage(language);
    setLanguage(language);
    for (const listener of this.languageListeners) listener();
  }

  onLanguageChange(listener: () => void): void {
    this.languageListeners.add(listener);
  }

  /** Posts to the room on screen, after bringing its newest messages back if an older stretch is shown. */
  send(roomId: number, content: string, extras: { attachments?: string[]; replyTo?: number } = {}): void {
    this.rooms.jumpToLatest(roomId);
    this.outbox.add(roomId, content, extras);
    this.actions.sent(roomId);
  }

  /**
   * The message chosen to reply to in this room, taken when the composer hands its text over (the
   * message may wait for uploads; the reply bar goes at once, as the text does).
   */
  private takeReply(roomId: number): number | undefined {
    const replyTo = this.store.get().replies[roomId]?.message_id;
    this.changes.cancelReply(roomId);
    return replyTo;
  }

  /** The author hides their message's link preview, for everyone. */
  dismissPreview(messageId: number): void {
    this.connection.send('link_preview_dismiss', { request_id: this.connection.nextRequestId(), message_id: messageId });
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

  /** A new socket is open. */
  onInitial(firstAccount: boolean): void {
    this.store.update((state) => ({ ...state, status: 'connected', retryAt: null, firstAccount }));
    if (!this.signIn.connected()) this.connection.markHealthy();
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
    void this.uploads.exchangeCookie();
    void this.push.renew().catch(() => {});
  }

  onSend(payload: ServerPayloads['send']): void {
    // Live frames carry no request_id; the `authorized` page and the `resume` catch-up carry theirs.
    const live = payload.request_id === undefined;
    if (live) this.desktop.offer(payload.messages);
    this.store.update((state) => receiveMessages(state, payload.messages, live));
    this.rooms.noteRevs(payload.messages, live);
    const me = this.store.get().user?.user_id;
    // Sending moved the sender's marker on the server too.
    for (const message of payload.messages) if (message.user_id === me) this.reads.note(message.room_id, message.seq);
    if (this.signIn.isCatchUp(payload.request_id)) this.rooms.caughtUp(payload.messages, payload.has_more === true);
    else if (live) this.rooms.fillGaps(payload.messages);
  }

  onAck({ request_id, room_id, message_id }: ServerPayloads['ack']): void {
    if (!this.changes.acked(request_id)) this.outbox.acked(request_id, room_id, message_id);
  }

  onError(payload: ServerPayloads['error']): void {
    if (this.signIn.onError(payload)) return;
    const requestId = payload.request_id;
    if (this.actions.settle(requestId, payload.code)) return;
    if (this.changes.failed(requestId, payload.code)) return;
    if (this.moderation.failed(requestId, payload.code) || this.admin.failed(requestId, payload.code)) return;
    if (this.search.failed(requestId, payload.code)) return;
    if (this.rooms.failed(requestId)) return this.notify(t('notice.loadFailed', { why: errorText(payload.code, 'history') }));
    if (!this.outbox.refused(requestId, payload.code)) this.notify(errorText(payload.code));
  }

  private onClosed(retryAt: number): void {
    const lost = this.signIn.closed();
    this.rooms.closed();
    this.reads.forget();
    this.actions.abandon();
    this.changes.abandon();
    this.moderation.abandon();
    this.admin.abandon();
    this.store.update((state) => ({ ...state, status: 'reconnecting', retryAt, authBusy: false, authError: lost ?? state.authError }));
  }
}
