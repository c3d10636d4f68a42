import type { ColumnType, Generated } from 'kysely';
import type { RoomRole, ServerRole } from '../protocol/roles.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<number>;
  nickname: string;
  nickname_key: string;
  password_hash: string;
  created_at: Timestamp;
  role: ColumnType<ServerRole, ServerRole | undefined, ServerRole>;
  nickname_skeleton: string | null;
}

export type RoomKind = 'public' | 'private' | 'dm' | 'group';

export interface RoomsTable {
  id: Generated<number>;
  kind: RoomKind;
  name: string;
  topic: ColumnType<string, string | undefined, string>;
  owner_id: number | null;
  dm_key: string | null;
  last_seq: ColumnType<number, number | undefined, number>;
  last_rev: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  /** Set while the room is archived (read-only); NULL otherwise. */
  archived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RoomMembersTable {
  room_id: number;
  user_id: number;
  role: ColumnType<RoomRole, RoomRole | undefined, RoomRole>;
  last_read_seq: ColumnType<number, number | undefined, number>;
  joined_at: Timestamp;
  notify_level: 'all' | 'mentions' | 'nothing' | null;
  muted_until: ColumnType<Date | null, string | null | undefined, string | null>;
  silenced_until: ColumnType<Date | null, string | null | undefined, string | null>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  last_at: Timestamp;
  actor_id: number | null;
  action: string;
  target_user_id: number | null;
  target_room_id: number | null;
  target_message_id: number | null;
  old_value: string | null;
  new_value: string | null;
  address: string | null;
  count: ColumnType<number, number | undefined, number>;
}

export interface PushSubscriptionsTable {
  endpoint: string;
  user_id: number;
  p256dh: string;
  auth: string;
  created_at: Timestamp;
}

export interface ServerSettingsTable {
  name: string;
  value: string;
}

export interface MessagesTable {
  id: Generated<number>;
  room_id: number;
  seq: number;
  rev: number;
  user_id: number;
  content: string;
  client_id: string | null;
  created_at: Timestamp;
  edited_at: Date | null;
  deleted_at: Date | null;
  reply_to_id: number | null;
  mentions: number[] | null;
  mentions_room: ColumnType<boolean, boolean | undefined, boolean>;
  preview_url: ColumnType<string | null, string | null | undefined, string | null>;
  preview_dismissed: ColumnType<boolean, boolean | undefined, boolean>;
  /** Set by a trigger (004_search.sql); NULL for tombstones and for rows the backfill has not reached. */
  search_tsv: ColumnType<string | null, never, never>;
}

export interface MentionsTable {
  user_id: number;
  room_id: number;
  seq: number;
  message_id: number;
}

export interface ReactionsTable {
  message_id: number;
  user_id: number;
  emoji: string;
  created_at: Timestamp;
}

export interface MessageVersionsTable {
  message_id: number;
  version: number;
  content: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_used_at: Timestamp;
  revoked_at: Date | null;
}

export interface DeploymentTable {
  id: string;
  created_at: Timestamp;
}

export interface UploadsTable {
  id: string;
  user_id: number;
  sha256: string;
  name: string;
  size: ColumnType<number, number, number>;
  mime: string;
  width: number | null;
  height: number | null;
  message_id: ColumnType<number | null, number | null | undefined, number | null>;
  position: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
}

export interface LinkPreviewsTable {
  url: string;
  ok: boolean;
  title: string | null;
  description: string | null;
  site_name: string | null;
  image_sha256: string | null;
  image_width: number | null;
  image_height: number | null;
  fetched_at: Timestamp;
}

export interface Database {
  uploads: UploadsTable;
  link_previews: LinkPreviewsTable;
  deployment: DeploymentTable;
  users: UsersTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  messages: MessagesTable;
  mentions: MentionsTable;
  reactions: ReactionsTable;
  message_versions: MessageVersionsTable;
  push_subscriptions: PushSubscriptionsTable;
  server_settings: ServerSettingsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
