-- Accounts. nickname_key is the NFKC, case-folded form that uniqueness is judged by;
-- nickname keeps what the user typed (trimmed) for display.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  nickname      text NOT NULL,
  nickname_key  text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- last_seq is the room's message counter: the inserting transaction bumps it under
-- the row lock, so seq order is commit order within a room.
CREATE TABLE rooms (
  id         bigserial PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('public', 'private', 'dm', 'group')),
  name       text NOT NULL,
  topic      text NOT NULL DEFAULT '',
  owner_id   bigint REFERENCES users (id) ON DELETE SET NULL,
  dm_key     text UNIQUE,
  last_seq   bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE room_members (
  room_id       bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role          text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
  last_read_seq bigint NOT NULL DEFAULT 0,
  joined_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user_idx ON room_members (user_id);

CREATE TABLE messages (
  id         bigserial PRIMARY KEY,
  room_id    bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq        bigint NOT NULL,
  user_id    bigint NOT NULL REFERENCES users (id),
  content    text NOT NULL,
  client_id  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  edited_at  timestamptz,
  deleted_at timestamptz,
  -- Pages are index range scans on (room_id, seq): the same cost at 10 or 10 million rows.
  UNIQUE (room_id, seq)
);
-- Idempotent sends: one message per (room, sender, client_id).
CREATE UNIQUE INDEX messages_client_id_idx ON messages (room_id, user_id, client_id) WHERE client_id IS NOT NULL;

-- Session tokens are stored hashed; the plain token only ever lives on the client.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- The seed's single chat is the default public room.
INSERT INTO rooms (id, kind, name, topic) VALUES (1, 'public', 'general', 'Everyone is here');
SELECT setval(pg_get_serial_sequence('rooms', 'id'), 1);
