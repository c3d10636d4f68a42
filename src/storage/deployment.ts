import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** This database's deployment id (created by a migration): shared by every process on the database, unique to it. */
export async function readDeploymentId(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('deployment').select('id').executeTakeFirstOrThrow();
  return row.id;
}
