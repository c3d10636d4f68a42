import type { Kysely } from 'kysely';
import type { ServerRole } from '../protocol/roles.js';
import { type JoinedRoom, listJoinedRooms } from '../storage/moderation.js';
import type { Database } from '../storage/schema.js';

/** The signed-in user behind a connection, as the domain layer trusts it. */
export interface Actor {
  readonly userId: number;
  readonly nickname: string;
  /**
   * The server role at sign-in, kept current by `user_role` events; what the client is told. Admin powers
   * are checked against the database, never against this copy.
   */
  role: ServerRole;
  /** Rooms the user belongs to, loaded at sign-in and kept current by membership events; permission checks read it. */
  readonly rooms: Set<number>;
  /**
   * Rooms where a moderator muted the user: room → until (ms since the epoch; Infinity until unmuted).
   * Loaded at sign-in and kept current by `moderated` events, so a message pays no query for it.
   */
  readonly silenced: Map<number, number>;
}

type SignedInUser = { id: number; nickname: string; role: ServerRole };

export async function loadActor(db: Kysely<Database>, user: SignedInUser): Promise<Actor> {
  return actorOf(user, await listJoinedRooms(db, user.id));
}

/** The actor from what the database said of the user's rooms (a resume reads them with the session). */
export function actorOf(user: SignedInUser, joinedRooms: JoinedRoom[]): Actor {
  const rooms = new Set(joinedRooms.map((joined) => joined.roomId));
  const silenced = new Map(
    joinedRooms.flatMap(({ roomId, silencedUntil }) => (silencedUntil === null ? [] : [[roomId, silencedUntilMs(silencedUntil)] as const])),
  );
  return { userId: user.id, nickname: user.nickname, role: user.role, rooms, silenced };
}

/** 'forever' or an ISO time as a number the message path compares with Date.now(). */
export const silencedUntilMs = (until: string): number => (until === 'forever' ? Number.POSITIVE_INFINITY : Date.parse(until));
