-- Notification settings per membership: NULL level means the default for the room's kind
-- (all for DMs and group DMs, mentions for rooms); muted_until 'infinity' is "until I unmute".
ALTER TABLE room_members ADD COLUMN notify_level text CHECK (notify_level IN ('all', 'mentions', 'nothing'));
ALTER TABLE room_members ADD COLUMN muted_until timestamptz;

-- Web Push subscriptions: the endpoint (chosen by the browser's push service) identifies one.
CREATE TABLE push_subscriptions (
  endpoint   text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  p256dh     text NOT NULL,
  auth       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);

-- Server-wide values created once and shared by every process (the VAPID key pair).
CREATE TABLE server_settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
