-- Server roles. 'deactivated' keeps the account (its messages, its name) but no session and no sign-in.
ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member', 'deactivated'));
-- A server that existed before roles: its first account is its admin, as on a fresh one.
UPDATE users SET role = 'admin' WHERE id = (SELECT min(id) FROM users);
CREATE INDEX users_role_idx ON users (role);

-- The confusables skeleton of the nickname (domain/confusables.ts): "аdmin" with a Cyrillic а, "ADMIN" and
-- "ａｄｍｉｎ" share one. NULL until the server fills it in for accounts created before this migration.
ALTER TABLE users ADD COLUMN nickname_skeleton text;
CREATE UNIQUE INDEX users_nickname_skeleton_idx ON users (nickname_skeleton);

-- Room roles: the owner (creator) and moderators may delete any message, remove and mute members.
ALTER TABLE room_members DROP CONSTRAINT room_members_role_check;
ALTER TABLE room_members ADD CONSTRAINT room_members_role_check CHECK (role IN ('owner', 'moderator', 'member'));
-- Set by a moderator: until then the member's messages are refused. Not the member's own notification mute.
ALTER TABLE room_members ADD COLUMN silenced_until timestamptz;

-- Who did what to whom, written in the same transaction as the action. actor_id NULL: the admin CLI.
-- A burst of failed sign-ins is one row whose count grows (last_at moves) while the burst lasts.
CREATE TABLE audit_log (
  id                bigserial PRIMARY KEY,
  at                timestamptz NOT NULL DEFAULT now(),
  last_at           timestamptz NOT NULL DEFAULT now(),
  actor_id          bigint REFERENCES users (id) ON DELETE SET NULL,
  action            text NOT NULL,
  target_user_id    bigint REFERENCES users (id) ON DELETE SET NULL,
  target_room_id    bigint REFERENCES rooms (id) ON DELETE SET NULL,
  target_message_id bigint REFERENCES messages (id) ON DELETE SET NULL,
  old_value         text,
  new_value         text,
  address           text,
  count             integer NOT NULL DEFAULT 1
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
CREATE INDEX audit_log_target_user_idx ON audit_log (target_user_id, id);
CREATE INDEX audit_log_target_room_idx ON audit_log (target_room_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
