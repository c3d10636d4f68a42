import type { Kysely } from 'kysely';
import type { Bus, Origin } from '../bus/bus.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { GROUP_DM_MAX_MEMBERS, type RoomSummary } from '../protocol/rooms.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import {
  addMembers,
  countMembers,
  findRoom,
  findRoomByDmKey,
  insertRoom,
  lockRoom,
  type RoomRow,
  removeMember,
  updateRoom,
} from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import { findUsersByNicknameKeys } from '../storage/users.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { nicknameKey } from './nickname.js';
import { managesRoom } from './permissions.js';
import { accessRoom, requireWritable } from './room-access.js';
import { auditRoomEdit } from './room-audit.js';
import { checkRoomName, checkTopic } from './room-names.js';
import type { RoomQueries } from './room-queries.js';
import { RoomQuota } from './room-quota.js';
import { accessRoomToModerate, standingIn } from './standing.js';

interface Member {
  id: number;
  nickname: string;
}

export interface CreateRoomInput {
  kind: 'public' | 'private' | 'group';
  name?: string | undefined;
  topic?: string | undefined;
  members?: string[] | undefined;
}

export interface RoomLimits {
  /** Rooms, group DMs and new DMs per minute, per user and per client address. */
  createsPerMinute: number;
  /** Invitations per minute, per user and per client address. */
  invitesPerMinute: number;
}

/**
 * Creating rooms and changing who is in them. Every change reaches the affected users' sessions through the
 * bus. `address` is the client's, for the per-address allowances.
 */
export class RoomService {
  private readonly creations: RoomQuota;
  private readonly invitations: RoomQuota;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly queries: RoomQueries,
    limits: RoomLimits,
  ) {
    this.creations = new RoomQuota(limits.createsPerMinute, 'rooms');
    this.invitations = new RoomQuota(limits.invitesPerMinute, 'invitations');
  }

  async create(actor: Actor, input: CreateRoomInput, address: string): Promise<RoomSummary> {
    const isGroup = input.kind === 'group';
    const name = isGroup ? (input.name?.trim() ? checkRoomName(input.name) : '') : checkRoomName(input.name);
    const topic = checkTopic(input.topic);
    const { room, invited } = await this.creations.spend(actor.userId, address, async () => {
      const invited = await this.usersByNickname(input.members ?? [], actor);
      if (isGroup && (invited.length < 1 || invited.length + 1 > GROUP_DM_MAX_MEMBERS)) {
        throw new DomainError('invalid_payload', `a group DM has 2 to ${GROUP_DM_MAX_MEMBERS} people`);
      }
      const room = await this.db.transaction().execute(async (trx) => {
        const created = await insertRoom(trx, { kind: input.kind, name, topic, ownerId: actor.userId });
        if (!created) throw new Error('room insert returned nothing');
        const memberRows = invited.map((member) => ({ userId: member.id, role: 'member' as const }));
        await addMembers(trx, created.id, [{ userId: actor.userId, role: 'owner' }, ...memberRows]);
        return created;
      });
      return { room, invited };
    });
    return this.announceMembers(actor, room.id, [self(actor), ...invited]);
  }

  /** Opens the one DM between the actor and another user, creating it the first time (which counts as a creation). */
  async openDm(actor: Actor, nickname: string, address: string): Promise<RoomSummary> {
    const [other] = await this.usersByNickname([nickname], actor);
    if (other === undefined) throw new DomainError('invalid_payload', 'cannot open a DM with yourself');
    const dmKey = [actor.userId, other.id].sort((a, b) => a - b).join(':');
    const room =
      (await findRoomByDmKey(this.db, dmKey)) ??
      (await this.creations.spend(actor.userId, address, () => this.insertDm(actor, other, dmKey)));
    return this.announceMembers(actor, room.id, [self(actor), other]);
  }

  /** Both members are added even when a simultaneous open created the DM first: neither open may fail. */
  private insertDm(actor: Actor, other: Member, dmKey: string): Promise<RoomRow> {
    return this.db.transaction().execute(async (trx) => {
      const created = await insertRoom(trx, { kind: 'dm', name: '', topic: '', ownerId: null, dmKey });
      const existing = created ?? (await findRoomByDmKey(trx, dmKey));
      if (!existing) throw new Error('DM neither created nor found');
      await addMembers(
        trx,
        existing.id,
        [actor.userId, other.id].map((userId) => ({ userId, role: 'member' as const })),
      );
      return existing;
    });
  }

  /** Joins a public room; anything else is `not_found`, as if it did not exist. */
  async join(actor: Actor, roomId: number): Promise<RoomSummary> {
    if (actor.rooms.has(roomId)) return this.queries.summaryFor(actor.userId, roomId);
    const room = await findRoom(this.db, roomId);
    if (room?.kind !== 'public') throw new DomainError('not_found', 'no such room');
    requireWritable(room);
    await addMembers(this.db, roomId, [{ userId: actor.userId, role: 'member' }]);
    return this.announceMembers(actor, roomId, [self(actor)]);
  }

  async leave(actor: Actor, roomId: number): Promise<void> {
    const room = await accessRoom(this.db, actor, roomId);
    if (room.id === DEFAULT_ROOM_ID || room.kind === 'dm') throw new DomainError('forbidden', 'this room cannot be left');
    await removeMember(this.db, roomId, actor.userId);
    actor.rooms.delete(roomId);
    await this.bus.publish({ type: 'membership', userId: actor.userId, nickname: actor.nickname, roomId, room: null });
  }

  /** Any member may invite to a private room or group DM; a DM stays two people. */
  async invite(actor: Actor, roomId: number, nickname: string, address: string): Promise<RoomSummary> {
    const room = await accessRoom(this.db, actor, roomId);
    if (room.kind === 'dm') throw new DomainError('forbidden', 'a DM is between two people; start a group DM instead');
    const [invitee] = await this.usersByNickname([nickname], actor);
    if (invitee === undefined) throw new DomainError('invalid_payload', 'you are already a member');
    await this.invitations.spend(actor.userId, address, () => this.addInvitee(room, invitee.id));
    await this.announceMembers(actor, roomId, [invitee]);
    return this.queries.summaryFor(actor.userId, roomId);
  }

  /**
   * The group-DM cap is counted and kept in one transaction holding the room's row lock: counted
   * outside it, eleven simultaneous invites all saw room for one more.
   */
  private addInvitee(room: RoomRow, userId: number): Promise<void> {
    return this.db.transaction().execute(async (trx) => {
      requireWritable((await lockRoom(trx, room.id)) ?? room);
      if (room.kind === 'group' && (await countMembers(trx, room.id)) >= GROUP_DM_MAX_MEMBERS) {
        throw new DomainError('forbidden', `a group DM holds at most ${GROUP_DM_MAX_MEMBERS} people`);
      }
      await addMembers(trx, room.id, [{ userId, role: 'member' }]);
    });
  }

  /**
   * Rename or change the topic: the owner, or an admin who can see the room (both read from the database
   * under the room's lock: a deactivated owner no longer can). An admin's change is audited, old and new.
   */
  async update(
    actor: Actor,
    roomId: number,
    changes: { name?: string | undefined; topic?: string | undefined },
    address: string,
    origin?: Origin,
  ): Promise<ServerPayloads['room_updated']> {
    const room = await accessRoomToModerate(this.db, actor, roomId);
    const set: { name?: string; topic?: string } = {};
    if (changes.name !== undefined) set.name = room.kind === 'group' && changes.name.trim() === '' ? '' : checkRoomName(changes.name);
    if (changes.topic !== undefined) set.topic = checkTopic(changes.topic);
    const updated = await this.db.transaction().execute(async (trx) => {
      const locked = await lockRoom(trx, roomId);
      if (!locked) throw new DomainError('not_found', 'no such room');
      const me = await standingIn(trx, actor.userId, locked);
      if (!managesRoom(me)) throw new DomainError('forbidden', "only the room's owner or an admin can rename it or change its topic");
      const after = (await updateRoom(trx, roomId, set)) ?? locked;
      if (me.roomRole !== 'owner') await auditRoomEdit(trx, { actorId: actor.userId, targetRoomId: roomId, address }, locked, after);
      return after;
    });
    const archived = updated.archived_at !== null;
    await this.bus.publish({
      type: 'room_updated',
      roomId,
      name: updated.name,
      topic: updated.topic,
      archived,
      ...(origin ? { origin } : {}),
    });
    return { room_id: roomId, name: updated.name, topic: updated.topic, archived };
  }

  /** Resolves nicknames to users, excluding the actor; an unknown nickname is `not_found`. */
  private async usersByNickname(nicknames: string[], actor: Actor): Promise<Member[]> {
    const keys = [...new Set(nicknames.map((nickname) => nicknameKey(nickname.trim())))];
    const users = await findUsersByNicknameKeys(this.db, keys);
    if (users.length !== keys.length) throw new DomainError('not_found', 'no user with that nickname');
    return users.filter((user) => user.id !== actor.userId).map((user) => ({ id: user.id, nickname: user.nickname }));
  }

  /** Tells each new member's sessions, and the room's other members, on every process; returns the actor's view. */
  private async announceMembers(actor: Actor, roomId: number, members: Member[]): Promise<RoomSummary> {
    actor.rooms.add(roomId);
    let own: RoomSummary | undefined;
    const seen = new Set<number>();
    for (const member of members) {
      if (seen.has(member.id)) continue;
      seen.add(member.id);
      const room = await this.queries.summaryFor(member.id, roomId);
      if (member.id === actor.userId) own = room;
      await this.bus.publish({ type: 'membership', userId: member.id, nickname: member.nickname, roomId, room });
    }
    return own ?? this.queries.summaryFor(actor.userId, roomId);
  }
}

const self = (actor: Actor): Member => ({ id: actor.userId, nickname: actor.nickname });
