-- Full-text search (issue 8). Expression indexes, not a stored tsvector column: adding a stored
-- generated column rewrites the whole messages table under an exclusive lock (reads wait too),
-- while CREATE INDEX only holds writes back while it builds. An operator with a very large table can
-- build the same indexes beforehand with CREATE INDEX CONCURRENTLY under these names: IF NOT EXISTS
-- then skips them (README, "Search").
-- An extension belongs to the whole database, not to this schema: installed once in public (the lock
-- lets schemas migrating at once not race to create it), found wherever it already is.
SELECT pg_advisory_xact_lock(7262738);
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- The one normal form both indexes and every query use: lower case, ё as е. Spelled out rather
-- than left to the locale, so PostgreSQL and PGlite fold identically.
CREATE FUNCTION search_fold(content text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(lower(content), 'ё', 'е');

-- 'russian' stems Cyrillic words with the Russian stemmer and Latin ones with the English stemmer.
CREATE FUNCTION search_vector(content text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN to_tsvector('russian'::regconfig, search_fold(content));

SET LOCAL maintenance_work_mem = '64MB';
-- Tombstones have empty content and are left out of both indexes.
CREATE INDEX IF NOT EXISTS messages_search_idx ON messages USING gin (search_vector(content)) WHERE deleted_at IS NULL;
DO $$
DECLARE trgm_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX IF NOT EXISTS messages_trgm_idx ON messages USING gin (search_fold(content) %I.gin_trgm_ops) WHERE deleted_at IS NULL', trgm_schema);
END $$;
