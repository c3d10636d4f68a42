import { readdir, readFile } from 'node:fs/promises';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Forward-only SQL files, applied in name order; the same files serve PostgreSQL and PGlite. */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly include: (name: string) => boolean) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR))
      .filter((name) => name.endsWith('.sql') && this.include(name.replace(/\.sql$/, '')))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db) => {
          await sql.raw(text).execute(db);
        },
      };
    }
    return migrations;
  }
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Applies every pending migration; returns the names applied in this call. `include` picks a subset
 * (tests use it to build a database as an older release left it).
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  schema: string,
  include: (name: string) => boolean = () => true,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new SqlFileMigrationProvider(include),
    // Named explicitly: Kysely otherwise looks for its bookkeeping tables in any schema and may find another's.
    migrationTableSchema: schema,
    // Numbers are reserved per feature as work starts, so one may land after a higher one (006 shipped
    // before 004, 005 and 007): a database that has 006 takes the others later, in name order. Each
    // migration touches only its own tables and columns, which is what makes that order safe.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
