import type { Kysely } from 'kysely';
import { listRoomIdsOfUser } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';

/** The signed-in user behind a connection, as the domain layer trusts it. */
export interface Actor {
  readonly userId: number;
  readonly nickname: string;
  /** Rooms the user belongs to, loaded at sign-in and kept current by membership events; permission checks read it. */
  readonly rooms: Set<number>;
}

export async function loadActor(db: Kysely<Database>, user: { id: number; nickname: string }): Promise<Actor> {
  return { userId: user.id, nickname: user.nickname, rooms: new Set(await listRoomIdsOfUser(db, user.id)) };
}
