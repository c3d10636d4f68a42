-- The change log. Every change to a room (a new message now; edits, deletions and reactions
-- later) takes the next rev from rooms.last_rev under the room's row lock, so rev order is commit
-- order, also across processes. A message row keeps the rev of its latest change: "everything
-- after rev R" is one range scan of (room_id, rev), each changed message once, in its latest
-- state. seq keeps its meaning (one per message, no gaps), so unread = last_seq - read_seq holds.
ALTER TABLE rooms ADD COLUMN last_rev bigint NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN rev bigint;
UPDATE messages SET rev = seq;
UPDATE rooms SET last_rev = last_seq;
ALTER TABLE messages ALTER COLUMN rev SET NOT NULL;
CREATE UNIQUE INDEX messages_room_rev_idx ON messages (room_id, rev);

-- This deployment's identity: every process on this database shares it, and the bus channel is
-- derived from it, so two deployments that share one Redis can never hear each other.
CREATE TABLE deployment (
  id         text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO deployment (id) VALUES (gen_random_uuid()::text);
