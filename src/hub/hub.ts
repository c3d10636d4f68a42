import type { Bus, BusEvent } from '../bus/bus.js';
import type { Actor } from '../domain/actor.js';
import type { PresenceService } from '../domain/presence-service.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import type { RoomSummary } from '../protocol/rooms.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { Fanout } from './fanout.js';
import { PreparedFrame } from './prepared-frame.js';
import { PresenceTracker } from './presence-tracker.js';
import { Registry } from './registry.js';
import { reply, requestIdFor } from './reply.js';
import { Sweeper } from './sweeper.js';
import { TypingTracker } from './typing-tracker.js';

export interface HubOptions {
  tickMs: number;
  idleTimeoutMs: number;
  heartbeatMs: number;
  messagesPerSecondPerUser: number;
  messagesBurstPerUser: number;
  /** Every process says it is alive this often; one silent for three beats is presumed dead and its users offline. */
  presenceHeartbeatMs: number;
}

type Membership = Extract<BusEvent, { type: 'membership' }>;

/**
 * This process's sockets: it turns bus events into frames for the
 * connections in its registry. It never touches storage.
 */
export class Hub {
  private readonly registry: Registry;
  private readonly fanout: Fanout;
  readonly presence: PresenceTracker;
  private readonly typing: TypingTracker;
  private readonly sweeper: Sweeper;
  private readonly presenceBeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  /**
   * Sessions revoked in the last minute. A `resume` that validated its token
   * just before a `signout` elsewhere would otherwise sign in after the
   * revocation notice passed by.
   */
  private readonly recentlyRevoked = new Map<string, number>();

  constructor(
    bus: Bus,
    private readonly presenceService: PresenceService,
    private readonly options: HubOptions,
  ) {
    this.registry = new Registry({ perSecond: options.messagesPerSecondPerUser, burst: options.messagesBurstPerUser });
    const subscribersOf = (roomId: number) => this.registry.subscribersOf(roomId);
    this.fanout = new Fanout(options.tickMs, subscribersOf);
    this.presence = new PresenceTracker(options.tickMs, subscribersOf);
    this.typing = new TypingTracker(subscribersOf);
    this.sweeper = new Sweeper(() => this.registry.all(), options);
    this.unsubscribe = bus.subscribe((event) => this.onBusEvent(event));
    this.presenceBeat = setInterval(() => {
      void this.presenceService.heartbeat();
      this.presence.expire(3 * options.presenceHeartbeatMs);
    }, options.presenceHeartbeatMs);
    this.presenceBeat.unref();
  }

  get size(): number {
    return this.registry.size;
  }

  add(connection: Connection): void {
    this.registry.add(connection);
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

  wasRevoked(sessionId: string, now = Date.now()): boolean {
    for (const [id, at] of this.recentlyRevoked) if (now - at > 60_000) this.recentlyRevoked.delete(id);
    return this.recentlyRevoked.has(sessionId);
  }

  /** Signs the connection in; the user's first connection to this process announces them online. */
  signIn(connection: Connection, actor: Actor): void {
    if (this.registry.signIn(connection, actor)) void this.presenceService.userArrived(actor);
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

  close(): void {
    this.unsubscribe();
    this.sweeper.stop();
    clearInterval(this.presenceBeat);
    this.fanout.stop();
    this.presence.stop();
    this.typing.clear();
    for (const connection of this.registry.all()) connection.close(CLOSE_CODES.goingAway, 'server shutting down');
  }

  private onBusEvent(event: BusEvent): void {
    switch (event.type) {
      case 'messages':
        for (const { message, connectionId } of event.messages) {
          this.fanout.enqueueMessage(message, connectionId);
          this.typing.stop(message.room_id, message.user_id);
        }
        if (this.options.tickMs === 0) this.fanout.flush();
        return;
      case 'connection_closed':
        return this.announceDeparture(event.connectionId, event.roomIds);
      case 'membership':
        return this.applyMembership(event);
      case 'room_updated':
        for (const connection of this.registry.subscribersOf(event.roomId) ?? []) {
          const payload = { room_id: event.roomId, name: event.name, topic: event.topic };
          reply(connection, 'room_updated', payload, requestIdFor(connection, event.origin));
        }
        return;
      case 'read':
        for (const connection of this.registry.connectionsOf(event.userId)) {
          const payload = { room_id: event.roomId, seq: event.seq, unread: event.unread };
          reply(connection, 'read', payload, requestIdFor(connection, event.origin));
        }
        return;
      case 'typing':
        return this.typing.start(event.roomId, event.userId, event.nickname, event.ttlMs);
      case 'presence':
        return this.presence.apply(event.processId, event.userId, event.nickname, event.online, event.roomIds);
      case 'session_revoked': {
        this.recentlyRevoked.set(event.sessionId, Date.now());
        for (const connection of [...this.registry.connectionsOf(event.userId)]) {
          if (connection.sessionId !== event.sessionId) continue;
          reply(connection, 'signed_out', {}, requestIdFor(connection, event.origin));
          connection.close(CLOSE_CODES.normal, 'signed out');
        }
        return;
      }
      case 'presence_heartbeat':
        this.presence.heartbeat(event.processId);
        return;
      case 'presence_snapshot_request':
        if (event.processId !== this.presenceService.processId) this.announceLocalUsers();
        return;
      case 'bus_reconnected':
        // Others may have presumed this process dead (and it them) during the outage.
        void this.presenceService.requestSnapshot();
        this.announceLocalUsers();
        return;
    }
  }

  private announceLocalUsers(): void {
    for (const connection of this.registry.firstConnectionPerUser()) {
      if (connection.actor) void this.presenceService.userArrived(connection.actor);
    }
  }

  /**
   * A user joined or left a room: their sessions here subscribe or
   * unsubscribe and hear `room` / `room_removed`; the room's other members
   * here hear `member`.
   */
  private applyMembership(event: Membership): void {
    const { userId, roomId, room } = event;
    const sessions = [...this.registry.connectionsOf(userId)];
    for (const connection of sessions) {
      const actor = connection.actor as Actor;
      if (room) {
        actor.rooms.add(roomId);
        this.registry.subscribe(connection, roomId);
        connection.send('room', { room: this.withPresence(room) });
      } else {
        actor.rooms.delete(roomId);
        this.registry.unsubscribe(connection, roomId);
        connection.send('room_removed', { room_id: roomId });
      }
    }
    const notice = encodeServerFrame('member', { room_id: roomId, user_id: userId, nickname: event.nickname, joined: room !== null });
    for (const connection of this.registry.subscribersOf(roomId) ?? []) {
      if (connection.actor?.userId !== userId) connection.sendRaw(notice);
    }
  }

  /**
   * `remove` for a departed connection. Every signed-in user is in the
   * default room, so its subscribers are exactly the connections that shared
   * a room with the leaver; queued per tick, a disconnect storm costs one
   * write per socket per tick, not one per departure.
   */
  private announceDeparture(connectionId: string, roomIds: number[]): void {
    if (!roomIds.includes(DEFAULT_ROOM_ID)) return;
    this.fanout.enqueueFrame(DEFAULT_ROOM_ID, new PreparedFrame(encodeServerFrame('remove', { connection_id: connectionId })));
    if (this.options.tickMs === 0) this.fanout.flush();
  }
}
