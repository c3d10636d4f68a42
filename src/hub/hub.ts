import type { Bus } from '../bus/bus.js';
import type { Actor } from '../domain/actor.js';
import type { PresenceService } from '../domain/presence-service.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import type { ChatMessage } from '../protocol/message.js';
import type { RoomSummary } from '../protocol/rooms.js';
import { encodeServerFrame, type ServerKind, type ServerPayloads } from '../protocol/server-events.js';
import { applyBusEvent, type HubParts } from './bus-events.js';
import type { Connection } from './connection.js';
import { Fanout } from './fanout.js';
import { MembershipApplier, type MembershipSource } from './membership.js';
import { PreparedFrame } from './prepared-frame.js';
import { PresenceTracker } from './presence-tracker.js';
import { Registry } from './registry.js';
import { RecentRevocations } from './revocations.js';
import { type RoomChangeSource, RoomStreams } from './room-streams.js';
import { Sweeper } from './sweeper.js';
import { TypingTracker } from './typing-tracker.js';

export interface HubOptions {
  tickMs: number;
  /** The fan-out tick grows up to this while flushes are busy (AdaptiveTick); equal to tickMs: fixed. */
  maxTickMs: number;
  idleTimeoutMs: number;
  heartbeatMs: number;
  messagesPerSecondPerUser: number;
  messagesBurstPerUser: number;
  /** Every process says it is alive this often; one silent for three beats is presumed dead and its users offline. */
  presenceHeartbeatMs: number;
  /** While presence keeps changing, at most one `presence` frame per room this often (PRESENCE_INTERVAL_MS). */
  presenceIntervalMs: number;
  /** How long a room's change waits for an earlier one before the database fills the gap. */
  gapFillMs: number;
  /** With a bus that can lose events (Redis): how often the followed rooms are compared with the database. */
  streamCheckMs: number;
}

export interface HubSources {
  changes: RoomChangeSource;
  memberships: MembershipSource;
  /** Keeps the set of users with push subscriptions current on every process. */
  pushSubscribers: { noteSubscriber(userId: number, subscribed: boolean): void };
  onError(error: unknown): void;
}

/** Changes held per room while the database cannot fill a gap; beyond it the room's sockets resume instead. */
const MAX_PENDING_PER_ROOM = 10_000;

/**
 * This process's sockets: it turns bus events into frames for the
 * connections in its registry (through the table in bus-events.ts). It reads
 * the database only through its sources: to verify memberships and to fill
 * gaps in a room's changes.
 */
export class Hub {
  private readonly registry: Registry;
  private readonly fanout: Fanout;
  readonly presence: PresenceTracker;
  private readonly typing: TypingTracker;
  private readonly streams: RoomStreams;
  private readonly sweeper: Sweeper;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: () => void;
  private readonly revocations = new RecentRevocations();
  private readonly parts: HubParts;
  private flushQueued = false;

  constructor(
    bus: Bus,
    private readonly presenceService: PresenceService,
    sources: HubSources,
    private readonly options: HubOptions,
  ) {
    this.streams = new RoomStreams(sources.changes, (message, connectionId) => this.deliver(message, connectionId), {
      gapWaitMs: options.gapFillMs,
      maxPending: MAX_PENDING_PER_ROOM,
      onError: sources.onError,
      onOverflow: (roomId) => this.dropRoomSubscribers(roomId),
    });
    const limit = { perSecond: options.messagesPerSecondPerUser, burst: options.messagesBurstPerUser };
    this.registry = new Registry(limit, (roomId) => this.streams.close(roomId));
    const subscribersOf = (roomId: number) => this.registry.subscribersOf(roomId);
    this.fanout = new Fanout(options.tickMs, subscribersOf, options.maxTickMs);
    this.presence = new PresenceTracker(options.tickMs, subscribersOf, options.presenceIntervalMs);
    this.typing = new TypingTracker(subscribersOf);
    this.sweeper = new Sweeper(() => this.registry.all(), options);
    const membership = new MembershipApplier({
      registry: this.registry,
      source: sources.memberships,
      follow: (roomIds) => this.streams.open(roomIds),
      withPresence: (room) => this.withPresence(room),
      isOnline: (userId) => this.presence.isOnline(userId),
      onError: sources.onError,
    });
    this.parts = {
      registry: this.registry,
      fanout: this.fanout,
      presence: this.presence,
      typing: this.typing,
      streams: this.streams,
      membership,
      presenceService,
      revocations: this.revocations,
      pushSubscribers: sources.pushSubscribers,
      flushIfUntimed: () => this.flushIfUntimed(),
      announceLocalUsers: () => this.announceLocalUsers(),
      onError: sources.onError,
    };
    this.unsubscribe = bus.subscribe((event) => applyBusEvent(this.parts, event));
    this.every(options.presenceHeartbeatMs, () => {
      void this.presenceService.heartbeat();
      this.presence.expire(3 * options.presenceHeartbeatMs);
    });
    if (bus.kind === 'redis') this.every(options.streamCheckMs, () => this.streams.check().catch(sources.onError));
  }

  private paused = false;

  get size(): number {
    return this.registry.size;
  }

  add(connection: Connection): void {
    this.registry.add(connection);
  }

  /** The sessions of the signed-in connections here, each once (what keeps them from expiring while in use). */
  liveSessionIds(): string[] {
    const ids = new Set<string>();
    for (const connection of this.registry.all()) if (connection.sessionId) ids.add(connection.sessionId);
    return [...ids];
  }

  census(): { signedIn: number; anonymous: number; users: number } {
    return this.registry.census();
  }

  connectionCount(userId: number): number {
    return this.registry.connectionCount(userId);
  }

  connectionsFrom(address: string): number {
    return this.registry.connectionsFrom(address);
  }

  allowMessage(connection: Connection): boolean {
    return this.registry.allowMessage(connection);
  }

  /** A reply that goes out with the fan-out flush already on its way (a message's ack with the sender's copy), or at once. */
  replyWithFanout<K extends ServerKind>(connection: Connection, kind: K, payload: ServerPayloads[K]): void {
    this.fanout.replyWithFlush(connection, new PreparedFrame(encodeServerFrame(kind, payload)));
  }

  /** The session was signed out, or its account deactivated, while a sign-in with it was being checked. */
  wasRevoked(sessionId: string, userId: number): boolean {
    return this.revocations.has(sessionId) || this.revocations.isDeactivated(userId);
  }

  /**
   * Signs the connection in and subscribes it to the actor's rooms; resolves
   * once each room's stream knows where it starts, so whatever the client
   * reads next (history, catch-up) meets the live stream with no gap. The
   * user's first connection to this process announces them online.
   */
  async signIn(connection: Connection, actor: Actor): Promise<void> {
    if (this.registry.signIn(connection, actor)) void this.presenceService.userArrived(actor);
    await this.streams.open(actor.rooms);
  }

  /** The acting connection follows a room it just joined or created, before its client reads the room's history. */
  async follow(connection: Connection, roomId: number): Promise<void> {
    connection.actor?.rooms.add(roomId);
    this.registry.subscribe(connection, roomId);
    await this.streams.open([roomId]);
  }

  /** Forgets the connection; returns the rooms it listened to, for the departure notice. */
  remove(connection: Connection): number[] {
    const { roomIds, lastOfUser } = this.registry.remove(connection);
    if (lastOfUser && connection.actor) void this.presenceService.userLeft(connection.actor);
    return roomIds;
  }

  /** A room summary with the presence of its DM members filled in, as this process knows it. */
  withPresence(room: RoomSummary): RoomSummary {
    if (!room.members) return room;
    return { ...room, members: room.members.map((member) => ({ ...member, online: this.presence.isOnline(member.user_id) })) };
  }

  /** Shutdown, first step: no socket is read any more, so no frame is half-handled. */
  /** True once the shutdown began: a socket whose upgrade finishes now is turned away (see websocket-route). */
  get stopping(): boolean {
    return this.paused;
  }

  pauseReading(): void {
    this.paused = true;
    for (const connection of this.registry.all()) connection.socket.pause();
  }

  /** Closes every socket with 1012; waits up to `waitMs` for the close handshakes, then drops the rest. */
  async close(waitMs = 2_000): Promise<void> {
    this.unsubscribe();
    this.sweeper.stop();
    for (const timer of this.timers) clearInterval(timer);
    this.fanout.stop();
    this.presence.stop();
    this.typing.clear();
    for (const connection of this.registry.all()) {
      // Read again so the peer's close frame arrives; the dispatcher drops any frame still queued before it.
      connection.socket.resume();
      connection.close(CLOSE_CODES.serviceRestart, 'server restarting');
    }
    const deadline = Date.now() + waitMs;
    while (this.registry.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const connection of [...this.registry.all()]) connection.socket.terminate();
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private deliver(message: ChatMessage, connectionId: string | null): void {
    this.fanout.enqueueMessage(message, connectionId);
    this.typing.stop(message.room_id, message.user_id);
    this.flushIfUntimed();
  }

  private flushIfUntimed(): void {
    if (this.options.tickMs !== 0 || this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.fanout.flush();
    });
  }

  private announceLocalUsers(): void {
    for (const connection of this.registry.firstConnectionPerUser()) {
      if (connection.actor) void this.presenceService.userArrived(connection.actor);
    }
  }

  /** The room's changes cannot be held any longer: its sockets here reconnect and catch up from the database. */
  private dropRoomSubscribers(roomId: number): void {
    for (const connection of [...(this.registry.subscribersOf(roomId) ?? [])]) {
      connection.close(CLOSE_CODES.tryAgainLater, 'fell behind; resume');
    }
  }
}
