import type { BusEvent } from '../bus/bus.js';
import type { Actor } from '../domain/actor.js';
import type { RoomSummary } from '../protocol/rooms.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Registry } from './registry.js';

type MembershipEvent = Extract<BusEvent, { type: 'membership' }>;

/** The database's word on who belongs where: the bus only says that something changed. */
export interface MembershipSource {
  roomIdsOf(userId: number): Promise<number[]>;
}

export interface MembershipDeps {
  registry: Registry;
  source: MembershipSource;
  /** Starts following a room's changes; resolves once the room's stream has its baseline. */
  follow(roomIds: number[]): Promise<void>;
  withPresence(room: RoomSummary): RoomSummary;
  isOnline(userId: number): boolean;
  onError(error: unknown): void;
}

/**
 * Applies membership events to this process's sockets. A bus event never
 * grants access by itself: every event is checked against the database
 * before a socket subscribes, hears `room`, or the room hears `member`, so a
 * stray or forged event (another deployment on the same Redis, a replayed
 * one) changes nothing. Events of one user are applied one at a time, in
 * order, so a join checked before a later leave cannot land after it.
 */
export class MembershipApplier {
  private readonly queues = new Map<number, Promise<void>>();

  constructor(private readonly deps: MembershipDeps) {}

  apply(event: MembershipEvent): void {
    const previous = this.queues.get(event.userId) ?? Promise.resolve();
    const next = previous
      .then(() => this.verifyAndApply(event))
      .catch(this.deps.onError)
      .finally(() => {
        if (this.queues.get(event.userId) === next) this.queues.delete(event.userId);
      });
    this.queues.set(event.userId, next);
  }

  private async verifyAndApply(event: MembershipEvent): Promise<void> {
    const { registry } = this.deps;
    const { userId, roomId, room } = event;
    const concerned = registry.connectionCount(userId) > 0 || registry.subscribersOf(roomId) !== undefined;
    if (!concerned) return;
    const isMember = (await this.deps.source.roomIdsOf(userId)).includes(roomId);
    // The database disagrees with the event: stale (a leave already followed the join) or not ours.
    if (isMember !== (room !== null)) return;
    if (room) await this.join(userId, roomId, room);
    else this.leave(userId, roomId);
    // A join says whether the newcomer is online: presence frames are coalesced (PRESENCE_INTERVAL_MS), so a
    // member list open elsewhere would otherwise show them offline, or have to be asked for again.
    const notice = encodeServerFrame('member', {
      room_id: roomId,
      user_id: userId,
      nickname: event.nickname,
      joined: isMember,
      ...(isMember ? { online: this.deps.isOnline(userId) } : {}),
    });
    for (const connection of registry.subscribersOf(roomId) ?? []) {
      if (connection.actor?.userId !== userId) connection.sendRaw(notice);
    }
  }

  private async join(userId: number, roomId: number, room: RoomSummary): Promise<void> {
    const sessions = [...this.deps.registry.connectionsOf(userId)];
    for (const connection of sessions) {
      (connection.actor as Actor).rooms.add(roomId);
      this.deps.registry.subscribe(connection, roomId);
    }
    await this.deps.follow([roomId]);
    for (const connection of sessions) connection.send('room', { room: this.deps.withPresence(room) });
  }

  private leave(userId: number, roomId: number): void {
    for (const connection of [...this.deps.registry.connectionsOf(userId)]) {
      (connection.actor as Actor).rooms.delete(roomId);
      this.deps.registry.unsubscribe(connection, roomId);
      connection.send('room_removed', { room_id: roomId });
    }
  }
}
