import type { ChatMessage } from './message.js';
import type { NotifyLevel } from './notifications.js';
import type { RoomRole } from './roles.js';

export type RoomKind = 'public' | 'private' | 'dm' | 'group';

/** A group DM holds at most this many people, its creator included. */
export const GROUP_DM_MAX_MEMBERS = 8;
export const ROOM_NAME_MAX_LENGTH = 64;
export const ROOM_TOPIC_MAX_LENGTH = 256;

export interface RoomMemberRef {
  user_id: number;
  nickname: string;
}

/** One room as the signed-in user sees it: unread counts and names are per viewer. */
export interface RoomSummary {
  room_id: number;
  kind: RoomKind;
  /** For DMs and group DMs: the other members' nicknames, joined. */
  name: string;
  topic: string;
  owner_id: number | null;
  /** seq of the newest message (0 for an empty room). */
  last_seq: number;
  /** The room's newest change position (see ChatMessage.rev): `resume {since_rev}` catches up from it. */
  last_rev: number;
  /** The viewer's read marker: every message up to this seq has been read. */
  read_seq: number;
  /** last_seq − read_seq: the viewer's own messages move the marker, so they never count. */
  unread: number;
  /** How much the room may interrupt the viewer (the default for its kind unless they chose). */
  notify_level: NotifyLevel;
  /** Muted until then (ISO), "forever", or null when not muted. */
  muted_until: string | null;
  /** Unread messages that mention the viewer (by nickname or @room): derived like unread. */
  mention_count: number;
  last_message: ChatMessage | null;
  /** For DMs and group DMs: who is in it, and whether each is online now. */
  members?: Array<RoomMemberRef & { online?: boolean }>;
  /** Present while the room is archived: it can be read, not written in. */
  archived?: true;
}

/** The refusal every write to an archived room gets (with the code `forbidden`). */
export const ROOM_ARCHIVED_MESSAGE = 'this room is archived';

export interface DirectoryEntry {
  room_id: number;
  name: string;
  topic: string;
  member_count: number;
  joined: boolean;
}

export interface MemberInfo extends RoomMemberRef {
  role: RoomRole;
  online: boolean;
  /** The account was deactivated by an admin. */
  deactivated?: true;
  /** A moderator muted the member in this room until then (ISO, or "forever"); absent when not muted. */
  muted_until?: string;
}

export interface PresenceChange extends RoomMemberRef {
  online: boolean;
}
