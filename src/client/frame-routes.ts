import type { ServerFrame, ServerKind, ServerPayloads } from '../protocol/server-events.js';
import type { ChatSession } from './session.js';

type Route<K extends ServerKind> = (payload: ServerPayloads[K], session: ChatSession) => void;

/** Forms whose success means "show me that room". */
const OPENS_ROOM = new Set(['create', 'conversation', 'join']);

/** The form a room frame answers, if it answers one (its request_id): settled as done. */
const settledForm = (payload: { request_id?: string }, session: ChatSession) =>
  payload.request_id === undefined ? null : session.actions.settle(payload.request_id);

/**
 * Every server kind and the part of the session that keeps what it says. A mapped type over
 * ServerKind: a kind added to the protocol does not compile until it has a route here.
 */
const ROUTES: { [K in ServerKind]: Route<K> } = {
  initial: (payload, session) => session.onInitial(payload.first_account === true),
  authorize: (payload, session) => session.signIn.onAuthorize(payload),
  signed_out: (_payload, session) => session.signIn.signedOut(),
  send: (payload, session) => session.onSend(payload),
  ack: (payload, session) => session.onAck(payload),
  error: (payload, session) => session.onError(payload),
  // The catch-up `send` frames before it brought every room forward; this says where each stands, and which page on.
  resumed: (payload, session) => session.rooms.onResumed(payload),
  // Keepalive answers; any frame already proved the socket alive (Connection).
  pong: () => {},
  // A connection left; `presence` says whether its user is still online.
  remove: () => {},
  // "Show edits" in the message menu asked for them.
  message_versions: (payload, session) => session.changes.onVersions(payload),
  room_notify: (payload, session) => session.list.onNotify(payload),
  // The subscription is already held by this browser (PushManager); the answer only confirms it.
  push_subscription: () => {},
  search_results: (payload, session) => session.search.onResults(payload),
  // A moderation action took effect (mine, or one done to me): member lists show mutes and room roles.
  // …or the room was archived or unarchived from its header (a form; every member hears `room_updated`).
  moderated: (payload, session) => {
    settledForm(payload, session);
    session.moderation.onModerated(payload);
  },
  user_updated: (payload, session) => {
    // Mine: my role (or my deactivation); anyone's: the admin panel's row.
    session.signIn.onUserUpdated(payload);
    session.admin.onUserUpdated(payload);
  },
  admin_users: (payload, session) => session.admin.onUsers(payload),
  admin_audit: (payload, session) => session.admin.onAudit(payload),
  admin_stats: (payload, session) => session.admin.onStats(payload),
  rooms: (payload, session) => {
    settledForm(payload, session);
    for (const room of payload.rooms) session.reads.note(room.room_id, room.read_seq);
    session.actions.notePresence(payload.rooms);
    session.list.onRooms(payload.rooms);
  },
  room: (payload, session) => {
    const form = settledForm(payload, session);
    session.reads.note(payload.room.room_id, payload.room.read_seq);
    session.actions.notePresence([payload.room]);
    session.list.onRoom(payload.room);
    if (form && OPENS_ROOM.has(form)) session.rooms.open(payload.room.room_id);
  },
  member: (payload, session) => {
    // The sidebar (a group DM's name and people) and the members panel.
    session.list.onMember(payload);
    session.actions.onMember(payload);
  },
  room_updated: (payload, session) => {
    settledForm(payload, session);
    session.list.onRoomUpdated(payload);
  },
  room_removed: (payload, session) => {
    settledForm(payload, session);
    session.list.onRoomRemoved(payload.room_id);
  },
  read: (payload, session) => {
    session.reads.note(payload.room_id, payload.seq);
    session.list.onRead(payload);
  },
  history: (payload, session) => session.rooms.onHistory(payload),
  room_directory: (payload, session) => session.actions.onDirectory(payload),
  members: (payload, session) => session.actions.onMembers(payload),
  presence: (payload, session) => session.actions.onPresence(payload),
  typing: (payload, session) => session.actions.onTyping(payload),
};

export function routeFrame(frame: ServerFrame, session: ChatSession): void {
  // The frame's kind and payload are paired by ServerFrame; TypeScript cannot follow that through the lookup.
  const route = ROUTES[frame.kind] as Route<ServerKind> | undefined;
  route?.(frame.payload as never, session);
}
