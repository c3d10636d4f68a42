import type { Bus, BusEvent } from '../bus/bus.js';
import type { Actor } from '../domain/actor.js';
import type { PresenceService } from '../domain/presence-service.js';
import { TokenBucket } from '../lib/rate.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { Fanout } from './fanout.js';
import { PreparedFrame } from './prepared-frame.js';
import { PresenceTracker } from './presence-tracker.js';
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

interface UserEntry {
  connections: Set<Connection>;
  /** Shared by all of a user's connections, so opening tabs does not multiply the allowance. */
  messages: TokenBucket;
}

/**
 * Every connection of this process, who is signed in, and which rooms each
 * one listens to. It turns bus events into frames; it never touches storage.
 */
export class Hub {
  private readonly connections = new Map<string, Connection>();
  private readonly rooms = new Map<number, Set<Connection>>();
  private readonly users = new Map<number, UserEntry>();
  private readonly fanout: Fanout;
  readonly presence: PresenceTracker;
  private readonly typing: TypingTracker;
  private readonly sweeper: Sweeper;
  private readonly presenceBeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    bus: Bus,
    private readonly presenceService: PresenceService,
    private readonly options: HubOptions,
  ) {
    const subscribersOf = (roomId: number) => this.rooms.get(roomId);
    this.fanout = new Fanout(options.tickMs, subscribersOf);
    this.presence = new PresenceTracker(options.tickMs, subscribersOf);
    this.typing = new TypingTracker(subscribersOf);
    this.sweeper = new Sweeper(() => this.connections.values(), options);
    this.unsubscribe = bus.subscribe((event) => this.onBusEvent(event));
    this.presenceBeat = setInterval(() => {
      void this.presenceService.heartbeat();
      this.presence.expire(3 * options.presenceHeartbeatMs);
    }, options.presenceHeartbeatMs);
    this.presenceBeat.unref();
  }

  get size(): number {
    return this.connections.size;
  }

  add(connection: Connection): void {
    this.connections.set(connection.id, connection);
  }

  connectionCount(userId: number): number {
    return this.users.get(userId)?.connections.size ?? 0;
  }

  /** Marks the connection signed in and subscribes it to the actor's rooms; the user's first connection here announces them online. */
  signIn(connection: Connection, actor: Actor): void {
    connection.actor = actor;
    let user = this.users.get(actor.userId);
    const arrived = !user;
    if (!user) {
      user = {
        connections: new Set(),
        messages: new TokenBucket(this.options.messagesPerSecondPerUser, this.options.messagesBurstPerUser),
      };
      this.users.set(actor.userId, user);
    }
    user.connections.add(connection);
    for (const roomId of actor.rooms) this.subscribe(connection, roomId);
    if (arrived) void this.presenceService.userArrived(actor);
  }

  /** Whether the user may send one more message now (per-connection and per-user buckets). */
  allowMessage(connection: Connection): boolean {
    const user = connection.actor && this.users.get(connection.actor.userId);
    return connection.messages.take() && (user?.messages.take() ?? true);
  }

  /** Forgets the connection; returns the rooms it listened to, for the departure notice. */
  remove(connection: Connection): number[] {
    if (!this.connections.delete(connection.id)) return [];
    const actor = connection.actor;
    if (!actor) return [];
    for (const roomId of actor.rooms) this.leaveRoom(connection, roomId);
    const user = this.users.get(actor.userId);
    user?.connections.delete(connection);
    if (user && user.connections.size === 0) {
      this.users.delete(actor.userId);
      void this.presenceService.userLeft(actor);
    }
    return [...actor.rooms];
  }

  close(): void {
    this.unsubscribe();
    this.sweeper.stop();
    clearInterval(this.presenceBeat);
    this.fanout.stop();
    this.presence.stop();
    this.typing.clear();
    for (const connection of this.connections.values()) connection.close(CLOSE_CODES.goingAway, 'server shutting down');
  }

  private subscribe(connection: Connection, roomId: number): void {
    let subscribers = this.rooms.get(roomId);
    if (!subscribers) {
      subscribers = new Set();
      this.rooms.set(roomId, subscribers);
    }
    subscribers.add(connection);
  }

  private leaveRoom(connection: Connection, roomId: number): void {
    const subscribers = this.rooms.get(roomId);
    subscribers?.delete(connection);
    if (subscribers?.size === 0) this.rooms.delete(roomId);
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
        return this.applyMembership(event.userId, event.roomId, event.room);
      case 'room_updated':
        for (const connection of this.rooms.get(event.roomId) ?? []) {
          const payload = { room_id: event.roomId, name: event.name, topic: event.topic };
          reply(connection, 'room_updated', payload, requestIdFor(connection, event.origin));
        }
        return;
      case 'read':
        for (const connection of this.users.get(event.userId)?.connections ?? []) {
          const payload = { room_id: event.roomId, seq: event.seq, unread: event.unread };
          reply(connection, 'read', payload, requestIdFor(connection, event.origin));
        }
        return;
      case 'typing':
        return this.typing.start(event.roomId, event.userId, event.nickname, event.ttlMs);
      case 'presence':
        return this.presence.apply(event.processId, event.userId, event.nickname, event.online, event.roomIds);
      case 'presence_heartbeat':
        this.presence.heartbeat(event.processId);
        return;
      case 'presence_snapshot_request':
        if (event.processId === this.presenceService.processId) return;
        for (const user of this.users.values()) {
          const [first] = user.connections;
          if (first?.actor) void this.presenceService.userArrived(first.actor);
        }
        return;
    }
  }

  /** Subscribes or unsubscribes every session of the user here, and tells them. */
  private applyMembership(userId: number, roomId: number, room: Extract<BusEvent, { type: 'membership' }>['room']): void {
    for (const connection of this.users.get(userId)?.connections ?? []) {
      const actor = connection.actor as Actor;
      if (room) {
        actor.rooms.add(roomId);
        this.subscribe(connection, roomId);
        connection.send('room', { room });
      } else {
        actor.rooms.delete(roomId);
        this.leaveRoom(connection, roomId);
        connection.send('room_removed', { room_id: roomId });
      }
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
