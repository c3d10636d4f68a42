-- Full-text search (issue 8).
--
-- The stemmed words of each message are stored (search_tsv) and indexed with GIN: a stored vector
-- is checked in a microsecond, so "newest first" can walk the messages backwards and stop after a
-- page when a word is common, and rechecks never re-parse the text. A trigger fills it in the same
-- statement as the insert or the edit, and empties it for a tombstone.
--
-- Nothing here rewrites the table: ADD COLUMN without a default is instant, and rows written before
-- this migration keep search_tsv NULL until the running server fills them in small batches
-- (SearchIndexer, domain/search-indexer.ts). What holds writes back while it runs is building the
-- trigram index (README, "Search", has the time measured on 1 000 000 messages).

-- An extension belongs to the whole database, not to this schema: installed once in public (the lock
-- lets schemas migrating at once not race to create it), found wherever it already is.
SELECT pg_advisory_xact_lock(7262738);
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- The one normal form the vector, the trigram index and every query use: lower case, ё as е.
-- Spelled out rather than left to the locale, so PostgreSQL and PGlite fold identically.
CREATE FUNCTION search_fold(content text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(lower(content), 'ё', 'е');

-- 'russian' stems Cyrillic words with the Russian stemmer and Latin ones with the English stemmer.
CREATE FUNCTION search_vector(content text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN to_tsvector('russian'::regconfig, search_fold(content));

ALTER TABLE messages ADD COLUMN search_tsv tsvector;

CREATE FUNCTION messages_search_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_tsv := CASE WHEN NEW.deleted_at IS NULL THEN search_vector(NEW.content) END;
  RETURN NEW;
END $$;
CREATE TRIGGER messages_search_tsv BEFORE INSERT OR UPDATE OF content, deleted_at ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_search_tsv();

SET LOCAL maintenance_work_mem = '64MB';
-- Tombstones are left out of both indexes.
CREATE INDEX messages_search_idx ON messages USING gin (search_tsv) WHERE deleted_at IS NULL;
DO $$
DECLARE trgm_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX messages_trgm_idx ON messages USING gin (search_fold(content) %I.gin_trgm_ops) WHERE deleted_at IS NULL', trgm_schema);
END $$;
-- from: walks one sender's messages newest first.
CREATE INDEX messages_user_idx ON messages (user_id, id);
-- Where the backfill of older rows still has work: found without reading the whole table.
CREATE INDEX messages_search_pending_idx ON messages (id) WHERE search_tsv IS NULL AND deleted_at IS NULL;
