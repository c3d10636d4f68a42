/** A chat message as every server event carries it. Clients upsert by `message_id`. */
export interface ChatMessage {
  message_id: number;
  room_id: number;
  /** Position in the room: increases by exactly one per message, in commit order. */
  seq: number;
  /**
   * The room's change position of this state of the message: every change in a room (a new
   * message, an edit, a deletion, a reaction) takes the next rev, in commit order. A client that
   * holds rev R of a room has every change up to R; later states of a message carry larger revs.
   */
  rev: number;
  user_id: number;
  nickname: string;
  content: string;
  /** ISO 8601, UTC. */
  datetime: string;
  /** The sender's idempotency key, when it sent one. */
  client_id?: string;
  /** When the author last edited it (edits within EDIT_GRACE_MS of sending are not shown as edits). */
  edited_at?: string;
  /** A tombstone: the content is gone from the server; the message keeps its seq. */
  deleted?: true;
  /** Reactions in the order they were first given; only present when there are some. */
  reactions?: Reaction[];
  /** The message this one answers, with enough to draw the quote. */
  reply_to?: ReplyPreview;
  /** user_ids the content's @nicknames name (members of the room when it was sent or edited). */
  mentions?: number[];
  /** The content says @room: everyone in the room is called. */
  mentions_room?: true;
  /** Files sent with the message, in the order given; only present when there are some. */
  attachments?: Attachment[];
  /** A preview of the first link in the content, added as a later change once the server fetched it. */
  link_preview?: LinkPreview;
}

/** A file attached to a message. `url` and `thumb_url` are paths on the server's own origin. */
export interface Attachment {
  file_id: string;
  name: string;
  /** Bytes. */
  size: number;
  /** Sniffed from the bytes, never taken from the name. */
  mime: string;
  /** Images that decoded: their size in pixels (reserve the space before the thumbnail loads) and the thumbnail. */
  width?: number;
  height?: number;
  thumb_url?: string;
  url: string;
}

/** What the server found at the first link of a message; every text field is plain text (escape it). */
export interface LinkPreview {
  url: string;
  title?: string;
  description?: string;
  site_name?: string;
  /** The page's image, fetched and re-encoded by the server and served from its own origin. */
  image_url?: string;
  image_width?: number;
  image_height?: number;
}

/** A message holds at most this many attachments. */
export const MAX_ATTACHMENTS = 10;
/** An upload's id: 128 random bits, base64url. */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface Reaction {
  emoji: string;
  count: number;
  /** The first 20 who reacted, oldest first. */
  user_ids: number[];
}

export interface ReplyPreview {
  message_id: number;
  user_id: number;
  nickname: string;
  /** The first REPLY_PREVIEW_LENGTH characters of the content ("" once deleted). */
  preview: string;
  deleted?: true;
}

export const REPLY_PREVIEW_LENGTH = 140;
/** An edit this soon after sending is a correction, not shown as "edited". */
export const EDIT_GRACE_MS = 5_000;
export const MAX_REACTIONS_PER_MESSAGE = 20;
export const MAX_EMOJI_BYTES = 32;
export const REACTION_USER_IDS_SHOWN = 20;

/** The room the seed called "the chat": created by the first migration. */
export const DEFAULT_ROOM_ID = 1;
