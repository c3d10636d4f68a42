import { type Kysely, sql, type Transaction } from 'kysely';
import type { RoomRole, ServerRole } from '../protocol/roles.js';
import { mutedUntilColumn } from './notifications.js';
import { runPrepared } from './prepared-statements.js';
import type { Database, RoomKind } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RoomRow {
  id: number;
  kind: RoomKind;
  name: string;
  topic: string;
  owner_id: number | null;
  last_seq: number;
  last_rev: number;
  /** Set while the room is archived: read-only. */
  archived_at: Date | null;
}

const ROOM_COLUMNS = ['id', 'kind', 'name', 'topic', 'owner_id', 'last_seq', 'last_rev', 'archived_at'] as const;

export async function listRoomIdsOfUser(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('room_members').select('room_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.room_id);
}

export async function findRoom(db: Db, roomId: number): Promise<RoomRow | undefined> {
  return db.selectFrom('rooms').select(ROOM_COLUMNS).where('id', '=', roomId).executeTakeFirst();
}

/**
 * Locks the room's row until the transaction ends, so changes that check a cap
 * first (a group DM's size) run one at a time. NO KEY UPDATE serializes them
 * as FOR UPDATE would, without also blocking inserts that only reference the
 * room by foreign key.
 */
export async function lockRoom(db: Transaction<Database>, roomId: number): Promise<RoomRow | undefined> {
  return db.selectFrom('rooms').select(ROOM_COLUMNS).where('id', '=', roomId).forNoKeyUpdate().executeTakeFirst();
}

export async function findRoomByDmKey(db: Db, dmKey: string): Promise<RoomRow | undefined> {
  return db.selectFrom('rooms').select(ROOM_COLUMNS).where('dm_key', '=', dmKey).executeTakeFirst();
}

export async function insertRoom(
  db: Db,
  room: { kind: RoomKind; name: string; topic: string; ownerId: number | null; dmKey?: string },
): Promise<RoomRow | undefined> {
  return db
    .insertInto('rooms')
    .values({ kind: room.kind, name: room.name, topic: room.topic, owner_id: room.ownerId, dm_key: room.dmKey ?? null })
    .onConflict((conflict) => conflict.column('dm_key').doNothing())
    .returning(ROOM_COLUMNS)
    .executeTakeFirst();
}

export async function updateRoom(
  db: Db,
  roomId: number,
  changes: { name?: string; topic?: string; archived_at?: Date | null },
): Promise<RoomRow | undefined> {
  return db.updateTable('rooms').set(changes).where('id', '=', roomId).returning(ROOM_COLUMNS).executeTakeFirst();
}

/** Adds members, skipping those already in; returns the ids actually added. */
export async function addMembers(db: Db, roomId: number, members: Array<{ userId: number; role: RoomRole }>): Promise<number[]> {
  if (members.length === 0) return [];
  const rows = await db
    .insertInto('room_members')
    .values(members.map((member) => ({ room_id: roomId, user_id: member.userId, role: member.role })))
    .onConflict((conflict) => conflict.columns(['room_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}

export async function removeMember(db: Db, roomId: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('room_members').where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countMembers(db: Db, roomId: number): Promise<number> {
  const row = await db
    .selectFrom('room_members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('room_id', '=', roomId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listMembers(
  db: Db,
  roomIds: number[],
): Promise<
  Array<{ room_id: number; user_id: number; nickname: string; role: RoomRole; server_role: ServerRole; silenced_until: string | null }>
> {
  if (roomIds.length === 0) return [];
  return db
    .selectFrom('room_members as rm')
    .innerJoin('users as u', 'u.id', 'rm.user_id')
    .select(['rm.room_id', 'rm.user_id', 'u.nickname', 'rm.role', 'u.role as server_role'])
    .select(mutedUntilColumn('rm.silenced_until').as('silenced_until'))
    .where('rm.room_id', 'in', roomIds)
    .orderBy('u.nickname_key')
    .execute();
}

export interface MembershipRow extends RoomRow {
  last_read_seq: number;
  last_message_id: number | null;
  last_message_rev: number | null;
  last_message_user_id: number | null;
  last_message_nickname: string | null;
  last_message_content: string | null;
  last_message_client_id: string | null;
  last_message_at: Date | null;
  last_message_edited_at: Date | null;
  last_message_deleted_at: Date | null;
  mention_count: number;
  notify_level: 'all' | 'mentions' | 'nothing' | null;
  muted_until: string | null;
}

/** The user's rooms with their read markers and newest message: one indexed lookup per room. */
export async function listMemberships(db: Db, userId: number, roomIds?: number[]): Promise<MembershipRow[]> {
  let query = db
    .selectFrom('room_members as rm')
    .innerJoin('rooms as r', 'r.id', 'rm.room_id')
    .leftJoin('messages as m', (join) => join.onRef('m.room_id', '=', 'r.id').onRef('m.seq', '=', 'r.last_seq'))
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'r.id',
      'r.kind',
      'r.name',
      'r.topic',
      'r.owner_id',
      'r.last_seq',
      'r.last_rev',
      'r.archived_at',
      'rm.last_read_seq',
      'm.id as last_message_id',
      'm.rev as last_message_rev',
      'm.user_id as last_message_user_id',
      'u.nickname as last_message_nickname',
      'm.content as last_message_content',
      'm.client_id as last_message_client_id',
      'm.created_at as last_message_at',
      'rm.notify_level',
      mutedUntilColumn('rm.muted_until').as('muted_until'),
      'm.edited_at as last_message_edited_at',
      'm.deleted_at as last_message_deleted_at',
      // Unread messages that call this user: by name (one range scan of mentions) or @room, never their own.
      sql<number>`(select count(*) from mentions mn where mn.user_id = rm.user_id and mn.room_id = r.id and mn.seq > rm.last_read_seq)
        + (select count(*) from messages mr where mr.room_id = r.id and mr.mentions_room and mr.seq > rm.last_read_seq
           and mr.user_id <> rm.user_id)`.as('mention_count'),
    ])
    .where('rm.user_id', '=', userId)
    .orderBy('r.id');
  if (roomIds) query = query.where('r.id', 'in', roomIds.length > 0 ? roomIds : [0]);
  return query.execute();
}

export async function listPublicRooms(db: Db, userId: number, limit: number) {
  return db
    .selectFrom('rooms as r')
    .select((eb) => [
      'r.id',
      'r.name',
      'r.topic',
      eb.selectFrom('room_members').select(eb.fn.countAll<number>().as('n')).whereRef('room_id', '=', 'r.id').as('member_count'),
      eb
        .exists(eb.selectFrom('room_members').select('user_id').whereRef('room_id', '=', 'r.id').where('user_id', '=', userId))
        .as('joined'),
    ])
    .where('r.kind', '=', 'public')
    .orderBy('r.name')
    .limit(limit)
    .execute();
}

/** Moves the marker forward only (never back, never past the newest message); returns the marker and the room's last seq. */
export async function advanceReadMarker(db: Db, roomId: number, userId: number, seq: number) {
  return db
    .updateTable('room_members as rm')
    .from('rooms as r')
    .set((eb) => ({ last_read_seq: eb.fn('greatest', ['rm.last_read_seq', eb.fn('least', [eb.val(seq), 'r.last_seq'])]) }))
    .whereRef('r.id', '=', 'rm.room_id')
    .where('rm.room_id', '=', roomId)
    .where('rm.user_id', '=', userId)
    .returning(['rm.last_read_seq', 'r.last_seq'])
    .executeTakeFirst();
}

/** Each room's newest change position. */
export async function roomRevs(db: Db, roomIds: number[]): Promise<Map<number, number>> {
  const positions = await roomPositions(db, roomIds);
  return new Map([...positions].map(([roomId, position]) => [roomId, position.rev]));
}

/** Each room's newest message (seq) and newest change (rev). */
export async function roomPositions(db: Db, roomIds: number[]): Promise<Map<number, { seq: number; rev: number }>> {
  if (roomIds.length === 0) return new Map();
  const query = db.selectFrom('rooms').select(['id', 'last_seq', 'last_rev']).where(sql<boolean>`id = any(${roomIds}::bigint[])`);
  const rows = await runPrepared(db, 'room_positions', query);
  return new Map(rows.map((row) => [row.id, { seq: row.last_seq, rev: row.last_rev }]));
}

/** Unread messages in the room that call the user (by name or @room), above a read marker. */
export async function countMentions(db: Db, roomId: number, userId: number, afterSeq: number): Promise<number> {
  const result = await sql<{ n: number }>`
    select (select count(*) from mentions where user_id = ${userId} and room_id = ${roomId} and seq > ${afterSeq})
         + (select count(*) from messages where room_id = ${roomId} and mentions_room and seq > ${afterSeq} and user_id <> ${userId}) as n`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Members of the room among these nickname keys: key → user id. */
export async function membersByNicknameKey(db: Db, roomId: number, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('room_members as rm')
    .innerJoin('users as u', 'u.id', 'rm.user_id')
    .select(['u.id', 'u.nickname_key'])
    .where('rm.room_id', '=', roomId)
    .where('u.nickname_key', 'in', keys)
    .execute();
  return new Map(rows.map((row) => [row.nickname_key, row.id]));
}
