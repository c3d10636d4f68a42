import type { Bus, BusEvent } from '../bus/bus.js';
import type { Actor } from '../domain/actor.js';
import { TokenBucket } from '../lib/rate.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { Fanout } from './fanout.js';

export interface HubOptions {
  tickMs: number;
  idleTimeoutMs: number;
  heartbeatMs: number;
  messagesPerSecondPerUser: number;
  messagesBurstPerUser: number;
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
  private readonly unsubscribe: () => void;
  private readonly sweeper: NodeJS.Timeout;
  private lastHeartbeatAt = Date.now();

  constructor(
    bus: Bus,
    private readonly options: HubOptions,
  ) {
    this.fanout = new Fanout(options.tickMs, (roomId) => this.rooms.get(roomId));
    this.unsubscribe = bus.subscribe((event) => this.onBusEvent(event));
    this.sweeper = setInterval(() => this.sweep(), Math.min(1_000, options.idleTimeoutMs / 2));
    this.sweeper.unref();
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

  /** Marks the connection signed in and subscribes it to the actor's rooms. */
  signIn(connection: Connection, actor: Actor): void {
    connection.actor = actor;
    let user = this.users.get(actor.userId);
    if (!user) {
      user = {
        connections: new Set(),
        messages: new TokenBucket(this.options.messagesPerSecondPerUser, this.options.messagesBurstPerUser),
      };
      this.users.set(actor.userId, user);
    }
    user.connections.add(connection);
    for (const roomId of actor.rooms) this.subscribe(connection, roomId);
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
    for (const roomId of actor.rooms) this.rooms.get(roomId)?.delete(connection);
    const user = this.users.get(actor.userId);
    user?.connections.delete(connection);
    if (user && user.connections.size === 0) this.users.delete(actor.userId);
    return [...actor.rooms];
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.sweeper);
    this.fanout.stop();
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

  private onBusEvent(event: BusEvent): void {
    switch (event.type) {
      case 'messages':
        for (const { message, connectionId } of event.messages) this.fanout.enqueue(message, connectionId);
        if (this.options.tickMs === 0) this.fanout.flush();
        return;
      case 'connection_closed':
        this.announceDeparture(event.connectionId, event.roomIds);
        return;
    }
  }

  /** `remove` reaches each signed-in connection that shared a room with the one that left, once. */
  private announceDeparture(connectionId: string, roomIds: number[]): void {
    const frame = Buffer.from(encodeServerFrame('remove', { connection_id: connectionId }));
    const told = new Set<Connection>();
    for (const roomId of roomIds) {
      for (const connection of this.rooms.get(roomId) ?? []) {
        if (connection.id === connectionId || told.has(connection)) continue;
        told.add(connection);
        connection.sendRaw(frame);
      }
    }
  }

  /**
   * Closes connections silent for longer than the idle timeout (the seed's
   * 100 s; only protocol frames count, so a client must `ping`), and uses
   * WebSocket pings to find peers that vanished without a close.
   */
  private sweep(): void {
    const now = Date.now();
    const heartbeat = now - this.lastHeartbeatAt >= this.options.heartbeatMs;
    if (heartbeat) this.lastHeartbeatAt = now;
    for (const connection of this.connections.values()) {
      if (now - connection.lastFrameAt > this.options.idleTimeoutMs) {
        connection.close(CLOSE_CODES.idleTimeout, 'idle timeout');
      } else if (heartbeat) {
        if (connection.awaitingPong) {
          connection.socket.terminate();
          continue;
        }
        connection.awaitingPong = true;
        connection.socket.ping();
      }
    }
  }
}
