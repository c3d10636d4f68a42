import type { Kysely } from 'kysely';
import type { DirectoryEntry, RoomMemberRef, RoomSummary } from '../protocol/rooms.js';
import { listMembers, listMemberships, listPublicRooms, listRoomIdsOfUser } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { presentRoom } from './present.js';
import { accessRoom } from './room-access.js';

const DIRECTORY_LIMIT = 500;

/** Reading rooms: the user's room list, the public directory, members. */
export class RoomQueries {
  constructor(private readonly db: Kysely<Database>) {}

  /** The user's rooms with unread counts and last message, as the sidebar shows them. */
  async list(userId: number, roomIds?: number[]): Promise<RoomSummary[]> {
    const rows = await listMemberships(this.db, userId, roomIds);
    const directIds = rows.filter((row) => row.kind === 'dm' || row.kind === 'group').map((row) => row.id);
    const membersByRoom = new Map<number, RoomMemberRef[]>();
    for (const member of await listMembers(this.db, directIds)) {
      const list = membersByRoom.get(member.room_id) ?? [];
      list.push({ user_id: member.user_id, nickname: member.nickname });
      membersByRoom.set(member.room_id, list);
    }
    return rows.map((row) => presentRoom(row, userId, membersByRoom.get(row.id)));
  }

  /** The rooms the user belongs to now, as the database says. */
  roomIdsOf(userId: number): Promise<number[]> {
    return listRoomIdsOfUser(this.db, userId);
  }

  async summaryFor(userId: number, roomId: number): Promise<RoomSummary> {
    const [room] = await this.list(userId, [roomId]);
    if (!room) throw new DomainError('not_found', 'no such room');
    return room;
  }

  async directory(actor: Actor): Promise<DirectoryEntry[]> {
    const rows = await listPublicRooms(this.db, actor.userId, DIRECTORY_LIMIT);
    return rows.map((row) => ({
      room_id: row.id,
      name: row.name,
      topic: row.topic,
      member_count: Number(row.member_count ?? 0),
      joined: Boolean(row.joined),
    }));
  }

  async members(actor: Actor, roomId: number) {
    await accessRoom(this.db, actor, roomId);
    return listMembers(this.db, [roomId]);
  }
}
