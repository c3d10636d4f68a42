import { readdir, readFile } from 'node:fs/promises';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Forward-only SQL files, applied in name order; the same files serve PostgreSQL and PGlite. */
class SqlFileMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
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

/** Applies every pending migration; returns the names applied in this call. */
export async function migrateToLatest(db: Kysely<unknown>, schema: string): Promise<string[]> {
  // Named explicitly: Kysely otherwise looks for its bookkeeping tables in any schema and may find another's.
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider(), migrationTableSchema: schema });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
