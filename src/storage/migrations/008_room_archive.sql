-- Archived rooms are read-only: history, search and leaving work; nothing new is written. NULL: not archived.
-- A nullable column without a default: an instant catalog change on PostgreSQL, no table rewrite.
ALTER TABLE rooms ADD COLUMN archived_at timestamptz;
