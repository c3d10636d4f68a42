import { z } from 'zod';
import { FILE_ID_PATTERN, MAX_ATTACHMENTS } from './message.js';
import { MUTED_FOREVER, NOTIFY_LEVELS, type NotifyLevel } from './notifications.js';
import { ADMIN_USER_ACTIONS, MODERATE_ACTIONS, SERVER_ROLES, SILENCED_FOREVER } from './roles.js';
import { GROUP_DM_MAX_MEMBERS, ROOM_NAME_MAX_LENGTH, ROOM_TOPIC_MAX_LENGTH } from './rooms.js';
import { SEARCH_CURSOR, SEARCH_MAX_LIMIT, SEARCH_QUERY_MAX_LENGTH } from './search.js';

/**
 * Payload schemas of every kind a client may send. Unknown fields are
 * stripped (the seed's clients send `connection_id`, `user_id` and `allowed`,
 * which the server must never trust), so none of those appear here.
 */
/**
 * Text that reaches SQL. PostgreSQL's text type cannot hold U+0000, and a lone
 * surrogate is not Unicode at all: UTF-8 turns every one into U+FFFD, so two
 * different client_ids would collide in the database and what is stored would
 * differ from what was sent. Both are refused here, not by the database.
 */
const wellFormed = (value: string) => value.isWellFormed();
const text = (max?: number) =>
  (max === undefined ? z.string() : z.string().max(max))
    .refine((value) => !value.includes('\u0000'), 'must not contain U+0000')
    .refine(wellFormed, 'must be well-formed Unicode (no lone surrogate)');

/** Echoed back in every reply, so held to the same rules as stored text. */
const requestId = text(64).optional();
const token = text(128).min(1);
const nickname = text(256);

const credentials = z.object({
  request_id: requestId,
  nickname,
  password: z.string().max(1024).refine(wellFormed, 'must be well-formed Unicode (no lone surrogate)'),
});

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const roomName = text(ROOM_NAME_MAX_LENGTH * 4);
const topic = text(ROOM_TOPIC_MAX_LENGTH * 4);
/** Catch-up after `resume` names at most this many rooms: each is a query. */
const MAX_RESUME_ROOMS = 200;
const roomMap = <T extends z.ZodType>(value: T) =>
  z
    .record(z.string().regex(/^\d{1,15}$/), value)
    .refine((rooms) => Object.keys(rooms).length <= MAX_RESUME_ROOMS, `at most ${MAX_RESUME_ROOMS} rooms`)
    .optional();
const onlyRequest = z.object({ request_id: requestId });
const inRoom = z.object({ request_id: requestId, room_id: id });

export const clientPayloadSchemas = {
  signup: credentials,
  signin: credentials,
  authorized: z.object({ request_id: requestId }),
  resume: z.object({
    request_id: requestId,
    token,
    /** room_id → the last message_id the client holds in that room. */
    since: roomMap(id),
    /** The same, by seq; used for rooms not in `since`. */
    since_seq: roomMap(seq),
    /** room_id → the room's newest rev the client holds: new messages AND changes after it come back. */
    since_rev: roomMap(seq),
  }),
  /** From a signed-in connection: its own session. Otherwise `token` names the session to revoke. */
  signout: z.object({ request_id: requestId, token: token.optional() }),
  message: z.object({
    request_id: requestId,
    content: text(),
    room_id: id.optional(),
    client_id: text(64).min(1).optional(),
    /** The message this one answers: one of the same room. */
    reply_to: id.optional(),
    /** Ids from POST /api/uploads: the sender's own, not yet attached elsewhere. */
    attachments: z.array(z.string().regex(FILE_ID_PATTERN)).max(MAX_ATTACHMENTS).optional(),
  }),
  message_edit: z.object({ request_id: requestId, message_id: id, content: text() }),
  message_delete: z.object({ request_id: requestId, message_id: id }),
  reaction_add: z.object({ request_id: requestId, message_id: id, emoji: text(64) }),
  reaction_remove: z.object({ request_id: requestId, message_id: id, emoji: text(64) }),
  /** The author hides their message's link preview, for everyone. */
  link_preview_dismiss: z.object({ request_id: requestId, message_id: id }),
  /** The earlier versions of an edited message: for its author only. */
  message_versions: z.object({ request_id: requestId, message_id: id }),
  ping: onlyRequest,
  disconnect: onlyRequest,
  rooms: onlyRequest,
  room_directory: onlyRequest,
  room_create: z.object({
    request_id: requestId,
    kind: z.enum(['public', 'private', 'group']),
    name: roomName.optional(),
    topic: topic.optional(),
    members: z
      .array(nickname)
      .max(GROUP_DM_MAX_MEMBERS - 1)
      .optional(),
  }),
  dm_open: z.object({ request_id: requestId, nickname }),
  room_join: inRoom,
  room_leave: inRoom,
  room_invite: z.object({ request_id: requestId, room_id: id, nickname }),
  room_update: z.object({ request_id: requestId, room_id: id, name: roomName.optional(), topic: topic.optional() }),
  members: inRoom,
  history: z.object({
    request_id: requestId,
    room_id: id,
    before_seq: seq.optional(),
    after_seq: seq.optional(),
    around_seq: seq.optional(),
    around_message_id: id.optional(),
    /** Every message changed (or new) after this rev, in rev order: the paged form of a resume's catch-up. */
    after_rev: seq.optional(),
    limit: z.number().int().min(1).max(100).optional(),
  }),
  read: z.object({ request_id: requestId, room_id: id, seq }),
  typing: inRoom,
  /** Change how much a room may interrupt: a level, a mute until a time (or "forever"), null to unmute. */
  room_notify: z.object({
    request_id: requestId,
    room_id: id,
    level: z.enum(NOTIFY_LEVELS as [NotifyLevel, ...NotifyLevel[]]).optional(),
    muted_until: z.union([z.iso.datetime({ offset: true }), z.literal(MUTED_FOREVER), z.null()]).optional(),
  }),
  push_subscribe: z.object({
    request_id: requestId,
    endpoint: text(2048).min(1),
    keys: z.object({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{40,200}={0,2}$/), auth: z.string().regex(/^[A-Za-z0-9_-]{8,64}={0,2}$/) }),
  }),
  push_unsubscribe: z.object({ request_id: requestId, endpoint: text(2048).min(1) }),
  /** Messages of the rooms one is a member of, newest first; `before` is the `next_before` of the previous page. */
  search: z.object({
    request_id: requestId,
    query: text(SEARCH_QUERY_MAX_LENGTH),
    room_id: id.optional(),
    limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).optional(),
    before: z.string().regex(SEARCH_CURSOR).optional(),
  }),
  /** A moderator's (or the owner's, or an admin's) action in a room; which fields it needs depends on the action. */
  moderate: z.object({
    request_id: requestId,
    room_id: id,
    action: z.enum(MODERATE_ACTIONS),
    message_id: id.optional(),
    user_id: id.optional(),
    /** mute: until when (ISO with offset); absent or "forever" until unmuted. */
    until: z.union([z.iso.datetime({ offset: true }), z.literal(SILENCED_FOREVER)]).optional(),
    /** set_room_role: the target's new role in the room. */
    role: z.enum(['moderator', 'member']).optional(),
  }),
  /** An admin's action on an account. */
  admin_user: z.object({
    request_id: requestId,
    user_id: id,
    action: z.enum(ADMIN_USER_ACTIONS),
    role: z.enum(['admin', 'member']).optional(),
  }),
  /** Admins: accounts by id, optionally one role or those whose nickname contains `query`. */
  admin_users: z.object({
    request_id: requestId,
    query: text(64).optional(),
    role: z.enum(SERVER_ROLES).optional(),
    after_id: id.optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  /** Admins: the audit log, newest first, filtered by user (as actor or target), room or action. */
  admin_audit: z.object({
    request_id: requestId,
    user_id: id.optional(),
    room_id: id.optional(),
    action: text(64).optional(),
    before_id: id.optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  /** Admins: this process's numbers from its Prometheus registry (the ones GET /metrics serves). */
  admin_stats: onlyRequest,
} as const;

export type ClientKind = keyof typeof clientPayloadSchemas;
export const clientKinds = Object.keys(clientPayloadSchemas) as ClientKind[];

export type ClientPayload<K extends ClientKind> = z.infer<(typeof clientPayloadSchemas)[K]>;

export function isClientKind(kind: string): kind is ClientKind {
  return Object.hasOwn(clientPayloadSchemas, kind);
}
