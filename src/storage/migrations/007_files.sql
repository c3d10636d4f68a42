-- Files people upload. The bytes live outside the database, content-addressed by SHA-256
-- (storage/blob-store.ts), so the same file uploaded twice is stored once; a row here is one
-- upload: who sent it, under what name, and the message it was attached to (NULL until then;
-- unattached uploads are deleted after a day). Deleting the message row deletes its uploads.
CREATE TABLE uploads (
  id         text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sha256     text NOT NULL,
  name       text NOT NULL,
  size       bigint NOT NULL,
  mime       text NOT NULL,
  -- Set only for raster images that decoded within the pixel bound: those have a thumbnail
  -- and are the only files served inline.
  width      int,
  height     int,
  message_id bigint REFERENCES messages (id) ON DELETE CASCADE,
  position   smallint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_message_idx ON uploads (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX uploads_unattached_idx ON uploads (created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_sha256_idx ON uploads (sha256);

-- Link previews, cached per URL (fetched once, shared by every message that links it).
-- ok = false: fetched and refused or empty; kept so a bad URL is not fetched again at once.
CREATE TABLE link_previews (
  url          text PRIMARY KEY,
  ok           boolean NOT NULL,
  title        text,
  description  text,
  site_name    text,
  image_sha256 text,
  image_width  int,
  image_height int,
  fetched_at   timestamptz NOT NULL DEFAULT now()
);

-- The URL whose preview a message shows (set after the fetch, as a change with its own rev), and
-- whether its author dismissed it.
ALTER TABLE messages ADD COLUMN preview_url text;
ALTER TABLE messages ADD COLUMN preview_dismissed boolean NOT NULL DEFAULT false;
