/** Server-wide roles: an admin runs the server; a deactivated account keeps its name and messages but cannot sign in. */
export const SERVER_ROLES = ['admin', 'member', 'deactivated'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

/** Roles within a room: the owner created it; the owner and moderators moderate it. */
export const ROOM_ROLES = ['owner', 'moderator', 'member'] as const;
export type RoomRole = (typeof ROOM_ROLES)[number];

/**
 * `set_room_role` is this server's addition to the four: how an owner names moderators. `archive` and
 * `unarchive` make a room read-only and writable again: its owner or an admin who can see it.
 */
export const MODERATE_ACTIONS = ['delete_message', 'remove_member', 'mute', 'unmute', 'set_room_role', 'archive', 'unarchive'] as const;
export type ModerateAction = (typeof MODERATE_ACTIONS)[number];

export const ADMIN_USER_ACTIONS = ['deactivate', 'reactivate', 'set_role'] as const;
export type AdminUserAction = (typeof ADMIN_USER_ACTIONS)[number];

/** The `action` of every audit log entry the server writes (docs/protocol.md, `admin_audit`). */
export const AUDIT_ACTIONS = [
  'message_deleted',
  'member_removed',
  'member_muted',
  'member_unmuted',
  'room_role_changed',
  'room_archived',
  'room_unarchived',
  'room_renamed',
  'room_topic_changed',
  'user_deactivated',
  'user_reactivated',
  'role_changed',
  'password_reset',
  'admin_created',
  'signin_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A mute with no `until` lasts until `unmute`. */
export const SILENCED_FOREVER = 'forever';
/** The longest a timed mute may run: longer is "forever", said so. */
export const MAX_MUTE_MS = 366 * 24 * 60 * 60 * 1000;

/** One row of the audit log as the admin page and the CLI show it. */
export interface AuditEntry {
  id: number;
  /** ISO 8601: when it happened (the first failure of a sign-in burst). */
  at: string;
  /** The last failure of a sign-in burst; equal to `at` otherwise. */
  last_at: string;
  /** null: the admin CLI (or the server itself). */
  actor: { user_id: number; nickname: string } | null;
  action: string;
  target_user: { user_id: number; nickname: string } | null;
  target_room_id: number | null;
  target_message_id: number | null;
  old_value: string | null;
  new_value: string | null;
  address: string | null;
  /** How many events the row stands for (sign-in failures of one burst); 1 otherwise. */
  count: number;
}

/** An account as the admin page lists it. */
export interface UserInfo {
  user_id: number;
  nickname: string;
  role: ServerRole;
  created_at: string;
}
