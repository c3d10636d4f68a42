-- Message life: replies, mentions, reactions, edit history. Every change below also takes the
-- room's next rev (002_change_log.sql) and stamps it on the message row.

ALTER TABLE messages ADD COLUMN reply_to_id bigint REFERENCES messages (id);
-- The user ids an @nickname in the content resolved to (members of the room when sent or edited);
-- NULL when none. mentions_room: the content says @room.
ALTER TABLE messages ADD COLUMN mentions bigint[];
ALTER TABLE messages ADD COLUMN mentions_room boolean NOT NULL DEFAULT false;
CREATE INDEX messages_room_mentions_idx ON messages (room_id, seq) WHERE mentions_room;

-- One row per person mentioned, so "unread messages that mention me" is one range scan of
-- (user_id, room_id, seq) above my read marker: derived like unread, never a counter that drifts.
CREATE TABLE mentions (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  room_id    bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq        bigint NOT NULL,
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, room_id, seq)
);
CREATE INDEX mentions_message_idx ON mentions (message_id);

-- A person reacts with an emoji at most once per message: the primary key says so, not memory.
CREATE TABLE reactions (
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  emoji      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (message_id, emoji, user_id)
);

-- Earlier versions of edited messages, for the author (and moderators); deleted with the message.
CREATE TABLE message_versions (
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  version    int NOT NULL,
  content    text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (message_id, version)
);
