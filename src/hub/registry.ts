import type { Actor } from '../domain/actor.js';
import { TokenBucket } from '../lib/rate.js';
import type { Connection } from './connection.js';

interface UserEntry {
  connections: Set<Connection>;
}

/** Per-user buckets kept this long after their last use, so reconnecting does not refill the allowance. */
const BUCKET_MEMORY_MS = 60_000;

/** Who is connected to this process: connections, signed-in users, and each room's subscribed sockets. */
export class Registry {
  private readonly connections = new Map<string, Connection>();
  private readonly rooms = new Map<number, Set<Connection>>();
  private readonly users = new Map<number, UserEntry>();
  private readonly addresses = new Map<string, number>();
  /** Shared by all of a user's connections and outliving them: new tabs or reconnects do not multiply the allowance. */
  private readonly messageBuckets = new Map<number, { bucket: TokenBucket; usedAt: number }>();

  constructor(
    private readonly userMessageLimit: { perSecond: number; burst: number },
    /** The last local subscriber of a room is gone: nothing here follows it any more. */
    private readonly onRoomEmptied: (roomId: number) => void = () => {},
  ) {}

  get size(): number {
    return this.connections.size;
  }

  /** Connections by state and signed-in users, for /metrics: counted when scraped, never on a hot path. */
  census(): { signedIn: number; anonymous: number; users: number } {
    let signedIn = 0;
    for (const user of this.users.values()) signedIn += user.connections.size;
    return { signedIn, anonymous: this.connections.size - signedIn, users: this.users.size };
  }

  all(): IterableIterator<Connection> {
    return this.connections.values();
  }

  subscribersOf(roomId: number): Set<Connection> | undefined {
    return this.rooms.get(roomId);
  }

  connectionsOf(userId: number): Iterable<Connection> {
    return this.users.get(userId)?.connections ?? [];
  }

  /** One connection per locally connected user, e.g. to repeat who is online here. */
  *firstConnectionPerUser(): Generator<Connection> {
    for (const user of this.users.values()) {
      const [first] = user.connections;
      if (first) yield first;
    }
  }

  connectionCount(userId: number): number {
    return this.users.get(userId)?.connections.size ?? 0;
  }

  add(connection: Connection): void {
    this.connections.set(connection.id, connection);
    this.addresses.set(connection.address, (this.addresses.get(connection.address) ?? 0) + 1);
  }

  connectionsFrom(address: string): number {
    return this.addresses.get(address) ?? 0;
  }

  /** Signs the connection in and subscribes it to the actor's rooms; true when it is the user's first here. */
  signIn(connection: Connection, actor: Actor): boolean {
    connection.actor = actor;
    let user = this.users.get(actor.userId);
    const first = !user;
    if (!user) {
      user = { connections: new Set() };
      this.users.set(actor.userId, user);
    }
    user.connections.add(connection);
    for (const roomId of actor.rooms) this.subscribe(connection, roomId);
    return first;
  }

  /** Forgets the connection; `lastOfUser` is true when the user has no other connection here. */
  remove(connection: Connection): { roomIds: number[]; lastOfUser: boolean } {
    if (!this.connections.delete(connection.id)) return { roomIds: [], lastOfUser: false };
    const fromAddress = (this.addresses.get(connection.address) ?? 1) - 1;
    if (fromAddress === 0) this.addresses.delete(connection.address);
    else this.addresses.set(connection.address, fromAddress);
    if (!connection.actor) return { roomIds: [], lastOfUser: false };
    const actor = connection.actor;
    for (const roomId of actor.rooms) this.unsubscribe(connection, roomId);
    const user = this.users.get(actor.userId);
    user?.connections.delete(connection);
    const lastOfUser = user?.connections.size === 0;
    if (lastOfUser) this.users.delete(actor.userId);
    return { roomIds: [...actor.rooms], lastOfUser };
  }

  /** Per-connection and per-user message buckets. */
  allowMessage(connection: Connection, now = Date.now()): boolean {
    if (!connection.messages.take(now)) return false;
    const userId = connection.actor?.userId;
    if (userId === undefined) return true;
    let entry = this.messageBuckets.get(userId);
    if (!entry) {
      if (this.messageBuckets.size > 10_000) this.forgetIdleBuckets(now);
      entry = { bucket: new TokenBucket(this.userMessageLimit.perSecond, this.userMessageLimit.burst, now), usedAt: now };
      this.messageBuckets.set(userId, entry);
    }
    entry.usedAt = now;
    return entry.bucket.take(now);
  }

  private forgetIdleBuckets(now: number): void {
    for (const [userId, entry] of this.messageBuckets) if (now - entry.usedAt > BUCKET_MEMORY_MS) this.messageBuckets.delete(userId);
  }

  subscribe(connection: Connection, roomId: number): void {
    let subscribers = this.rooms.get(roomId);
    if (!subscribers) {
      subscribers = new Set();
      this.rooms.set(roomId, subscribers);
    }
    subscribers.add(connection);
  }

  unsubscribe(connection: Connection, roomId: number): void {
    const subscribers = this.rooms.get(roomId);
    subscribers?.delete(connection);
    if (subscribers?.size === 0) {
      this.rooms.delete(roomId);
      this.onRoomEmptied(roomId);
    }
  }
}
