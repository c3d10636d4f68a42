import type { Compilable, Kysely } from 'kysely';

/**
 * Hot statements that PostgreSQL should parse and plan once per connection, not on every call.
 * Kysely sends every statement unnamed; one whose text starts with `preparedMark(name)` goes to pg as
 * the named statement `name` (pg-pool.ts), which pg prepares on a connection's first use and reuses
 * after. Only for a text that never varies: pg refuses a name bound to a second text. PGlite reads
 * the mark as the comment it is.
 */
const PREFIX = '/* prepared:';
const SUFFIX = ' */';

export function preparedMark(name: string): string {
  return `${PREFIX}${name}${SUFFIX}`;
}

/** The statement's name when its text carries the mark. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const end = text.indexOf(SUFFIX, PREFIX.length);
  return end === -1 ? undefined : text.slice(PREFIX.length, end);
}

/**
 * Runs a built query as the named statement `name`: for the reads every page and every resume makes
 * (a session, a room's position, a page of messages), whose planning cost PostgreSQL more than their
 * execution. The builder must give one text for every call (no `in` list whose length varies).
 */
export async function runPrepared<Row>(db: Pick<Kysely<unknown>, 'executeQuery'>, name: string, query: Compilable<Row>): Promise<Row[]> {
  const compiled = query.compile();
  const result = await db.executeQuery<Row>({ ...compiled, sql: preparedMark(name) + compiled.sql });
  return result.rows;
}
