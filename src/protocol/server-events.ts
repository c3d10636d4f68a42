import type { ErrorCode } from './errors.js';
import type { ChatMessage } from './message.js';
import type { NotifyLevel } from './notifications.js';
import type { AuditEntry, ModerateAction, RoomRole, ServerRole, UserInfo } from './roles.js';
import type { DirectoryEntry, MemberInfo, PresenceChange, RoomMemberRef, RoomSummary } from './rooms.js';
import type { SearchHit } from './search.js';

type Reply = { request_id?: string };

/** The configured limits a client shows to its user (a counter near the message length, the password rule). */
export interface ServerLimits {
  max_message_length: number;
  password_min_length: number;
  max_frame_bytes: number;
}

/** Payload of every kind the server sends, keyed by kind. */
export interface ServerPayloads {
  /** `limits`: what this server accepts, so a client can say so before a request fails. */
  initial: {
    connection_id: string;
    limits: ServerLimits;
    /** The server has no account yet: the next one signed up becomes its admin. */
    first_account?: true;
  };
  authorize: {
    connection_id: string;
    allowed: boolean;
    request_id?: string;
    user_id?: number;
    nickname?: string;
    /** Session token: `resume {token}` signs a new connection in without the password. */
    token?: string;
    /** The account's server role: an admin's client shows the admin page. */
    role?: ServerRole;
    /** Set when `allowed` is false: one of the error codes. */
    reason?: ErrorCode;
    message?: string;
    /** With a refusal about load (`rate_limited`): wait at least this long before trying again. */
    retry_after_ms?: number;
  };
  send: { connection_id: string | null; messages: ChatMessage[]; request_id?: string; has_more?: boolean };
  remove: { connection_id: string };
  /** The message (or the change to it) is committed; `rev` is the room's change position it took. */
  ack: { request_id: string; message_id: number; room_id: number; seq: number; rev?: number; duplicate?: boolean };
  pong: { request_id?: string };
  /** The session was revoked by `signout` (here or on another connection); a signed-in connection is closed next. */
  signed_out: { request_id?: string };
  /** Catch-up after `resume` is complete: per room, the last seq sent and whether more is left to page. */
  resumed: { rooms: Array<{ room_id: number; through_seq: number; through_rev: number; has_more: boolean }>; skipped: number[] } & Reply;
  /** `retry_after_ms`: with a refusal about load, wait at least this long before trying again. */
  error: { code: ErrorCode; message: string; request_id?: string; retry_after_ms?: number };
  /** The signed-in user's rooms, answering `rooms`. */
  rooms: { rooms: RoomSummary[] } & Reply;
  /** Public rooms anyone may join, answering `room_directory`. */
  room_directory: { rooms: DirectoryEntry[] } & Reply;
  /** A room the user now belongs to (created, joined, invited, DM opened): upsert by room_id. */
  room: { room: RoomSummary } & Reply;
  /** A room's name, topic or archived state changed; sent to every member. */
  room_updated: { room_id: number; name: string; topic: string; archived: boolean } & Reply;
  /** The user is no longer in this room. */
  room_removed: { room_id: number } & Reply;
  members: { room_id: number; members: MemberInfo[] } & Reply;
  /**
   * Someone joined or left a room you are in (sent to its other members). `online`, on a join only: whether the
   * newcomer is connected anywhere (a page may never have heard of them).
   */
  member: { room_id: number; user_id: number; nickname: string; joined: boolean; online?: boolean };
  /** A page of a room's history, oldest first. */
  history: { room_id: number; messages: ChatMessage[]; has_more_before: boolean; has_more_after: boolean } & Reply;
  /** The user's read marker moved (from this or another of their connections). */
  read: { room_id: number; seq: number; unread: number; mention_count: number } & Reply;
  /** Earlier versions of one of your messages, oldest first (answering `message_versions`). */
  message_versions: { message_id: number; versions: Array<{ content: string; datetime: string }> } & Reply;
  /** The user's notification setting for a room changed (here or on another of their connections). */
  room_notify: { room_id: number; level: NotifyLevel; muted_until: string | null } & Reply;
  /** Answers push_subscribe / push_unsubscribe. */
  push_subscription: { endpoint: string; subscribed: boolean } & Reply;
  /** Answers `search`: newest first; `next_before` (present when more matched) asks for the next page. */
  search_results: { hits: SearchHit[]; next_before?: string } & Reply;
  /**
   * A moderation action took effect: the reply to `moderate`, and what the target hears (mute, unmute,
   * set_room_role; every member hears archive and unarchive as `room_updated`). `until`: the end of a mute (ISO or "forever"), null after unmute.
   */
  moderated: {
    room_id: number;
    action: ModerateAction;
    user_id?: number;
    message_id?: number;
    until?: string | null;
    role?: RoomRole;
  } & Reply;
  /** An account's server role changed: the reply to `admin_user`, and what the account's other sessions hear. */
  user_updated: { user_id: number; nickname: string; role: ServerRole } & Reply;
  /** A page of accounts (answering `admin_users`); `has_more`: ask again with `after_id` = the last id. */
  admin_users: { users: UserInfo[]; has_more: boolean } & Reply;
  /** A page of the audit log, newest first (answering `admin_audit`); older ones with `before_id`. */
  admin_audit: { entries: AuditEntry[]; has_more: boolean } & Reply;
  /**
   * This process's numbers (answering `admin_stats`), read from the registry GET /metrics serves: each key is
   * a series as it appears there (`chat_connections{state="signed_in"}`, `chat_commit_seconds_sum`); histogram
   * buckets are left out. `at`: when they were read.
   */
  admin_stats: { at: string; values: Record<string, number> } & Reply;
  /** Users who went online or offline and share a room with you; coalesced per tick. */
  presence: { users: PresenceChange[] };
  /** Who is typing in a room right now (the whole set; empty when nobody is). */
  typing: { room_id: number; users: RoomMemberRef[] };
}

export type ServerKind = keyof ServerPayloads;

export const serverKinds: ServerKind[] = [
  'initial',
  'authorize',
  'send',
  'remove',
  'ack',
  'pong',
  'signed_out',
  'resumed',
  'error',
  'rooms',
  'room_directory',
  'room',
  'room_updated',
  'room_removed',
  'members',
  'member',
  'history',
  'read',
  'message_versions',
  'room_notify',
  'push_subscription',
  'search_results',
  'moderated',
  'user_updated',
  'admin_users',
  'admin_audit',
  'admin_stats',
  'presence',
  'typing',
];

export type ServerFrame = { [K in ServerKind]: { kind: K; payload: ServerPayloads[K] } }[ServerKind];

export function encodeServerFrame<K extends ServerKind>(kind: K, payload: ServerPayloads[K]): string {
  return JSON.stringify({ kind, payload });
}
