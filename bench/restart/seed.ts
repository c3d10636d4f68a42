import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';

type StoreModule = typeof import('../../src/storage/store.js');

export interface StormAccount {
  token: string;
  roomId: number;
}

export interface SeedOptions {
  serverRoot: string;
  databaseUrl: string | undefined;
  schema: string;
  dataDir: string;
  users: number;
  rooms: number;
}

/**
 * Signed-in users for the restart storm, written straight into a fresh
 * database: 10 000 sign-ups through argon2 would take minutes of CPU that the
 * storm does not measure. Each user has a live session (only its SHA-256 is
 * stored, as the server does) and belongs to one of `rooms` public rooms.
 */
export async function seedStorm(options: SeedOptions): Promise<StormAccount[]> {
  const { openStore } = (await import(pathToFileURL(join(options.serverRoot, 'src/storage/store.ts')).href)) as StoreModule;
  const store = await openStore({ databaseUrl: options.databaseUrl, schema: options.schema, dataDir: options.dataDir });
  const db = store.db;
  try {
    const rooms = await sql<{ id: string }>`
      insert into rooms (kind, name, topic)
      select 'public', 'storm-' || n, '' from generate_series(1, ${options.rooms}::int) n
      returning id`.execute(db);
    const roomIds = rooms.rows.map((row) => Number(row.id));
    const users = await sql<{ id: string }>`
      insert into users (nickname, nickname_key, password_hash)
      select 'storm_' || n, 'storm_' || n, 'not-a-password-hash' from generate_series(1, ${options.users}::int) n
      returning id`.execute(db);
    const accounts: StormAccount[] = [];
    const chunk = 5_000;
    for (let from = 0; from < users.rows.length; from += chunk) {
      const slice = users.rows.slice(from, from + chunk).map((row, index) => {
        const token = randomBytes(32).toString('base64url');
        const account = { token, roomId: roomIds[(from + index) % roomIds.length] as number };
        accounts.push(account);
        return { userId: Number(row.id), hash: createHash('sha256').update(token).digest('base64url'), roomId: account.roomId };
      });
      await sql`insert into sessions (token_hash, user_id)
        select * from unnest(${slice.map((s) => s.hash)}::text[], ${slice.map((s) => s.userId)}::bigint[])`.execute(db);
      await sql`insert into room_members (room_id, user_id)
        select * from unnest(${slice.map((s) => s.roomId)}::bigint[], ${slice.map((s) => s.userId)}::bigint[])`.execute(db);
    }
    return accounts;
  } finally {
    await store.close();
  }
}
