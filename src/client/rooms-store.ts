import type { ChatMessage } from '../protocol/message.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { isMuted, mentionsUser, type NotifyLevel } from '../protocol/notifications.js';
import type { RoomMemberRef, RoomSummary } from '../protocol/rooms.js';

/**
 * The sidebar's room list as pure functions. Unread is always derived as
 * last_seq − read_seq, and both only ever grow (a room's seq and a read
 * marker never move back), so merging two views of a room takes the maximum
 * of each: whichever frame arrives first, the count comes out right.
 */

function withUnread(room: RoomSummary): RoomSummary {
  const unread = Math.max(0, room.last_seq - room.read_seq);
  // Mentions are among the unread: a room read to its end has none left.
  return { ...room, unread, mention_count: unread === 0 ? 0 : room.mention_count };
}

export const isDirect = (room: RoomSummary) => room.kind === 'dm' || room.kind === 'group';

function merge(old: RoomSummary | undefined, room: RoomSummary): RoomSummary {
  if (!old) return withUnread(room);
  const newer = old.last_seq > room.last_seq;
  return withUnread({
    ...room,
    last_seq: Math.max(old.last_seq, room.last_seq),
    read_seq: Math.max(old.read_seq, room.read_seq),
    last_message: newer ? old.last_message : room.last_message,
    mention_count: newer ? old.mention_count : room.mention_count,
  });
}

/** A `rooms` answer: the list as the server has it, keeping anything newer this page already saw. */
export function replaceRooms(old: RoomSummary[], incoming: RoomSummary[]): RoomSummary[] {
  const byId = new Map(old.map((room) => [room.room_id, room]));
  return incoming.map((room) => merge(byId.get(room.room_id), room));
}

/** A `room` event: created, joined, invited to, DM opened. */
export function upsertRoom(rooms: RoomSummary[], room: RoomSummary): RoomSummary[] {
  const old = rooms.find((item) => item.room_id === room.room_id);
  const merged = merge(old, room);
  return old ? rooms.map((item) => (item === old ? merged : item)) : [...rooms, merged];
}

export function removeRoom(rooms: RoomSummary[], roomId: number): RoomSummary[] {
  return rooms.some((room) => room.room_id === roomId) ? rooms.filter((room) => room.room_id !== roomId) : rooms;
}

function updateOne(rooms: RoomSummary[], roomId: number, change: (room: RoomSummary) => RoomSummary): RoomSummary[] {
  let changed = false;
  const next = rooms.map((room) => {
    if (room.room_id !== roomId) return room;
    const updated = change(room);
    if (updated !== room) changed = true;
    return updated;
  });
  return changed ? next : rooms;
}

/** How the server names a DM or group DM without a name of its own: after the other people in it. */
const namedAfter = (members: RoomMemberRef[], meId: number) =>
  members
    .filter((member) => member.user_id !== meId)
    .map((member) => member.nickname)
    .join(', ');

/**
 * A `room_updated` event: name, topic and archived state. A group DM renamed to '' is named after its
 * other members again, as the server names it.
 */
export function renameRoom(
  rooms: RoomSummary[],
  { room_id, name, topic, archived }: { room_id: number; name: string; topic: string; archived: boolean },
  meId: number,
): RoomSummary[] {
  return updateOne(rooms, room_id, ({ archived: _was, ...room }) => ({
    ...room,
    name: name === '' && isDirect(room) ? namedAfter(room.members ?? [], meId) : name,
    topic,
    ...(archived ? { archived: true as const } : {}),
  }));
}

/** A `member` event: a group DM's member list follows, and so does its name unless someone gave it one. */
export function applyMember(
  rooms: RoomSummary[],
  event: { room_id: number; user_id: number; nickname: string; joined: boolean },
  meId: number,
) {
  return updateOne(rooms, event.room_id, (room) => {
    const old = room.members;
    if (!old || old.some((member) => member.user_id === event.user_id) === event.joined) return room;
    const members = event.joined
      ? [...old, { user_id: event.user_id, nickname: event.nickname }]
      : old.filter((member) => member.user_id !== event.user_id);
    return { ...room, members, name: room.name === namedAfter(old, meId) ? namedAfter(members, meId) : room.name };
  });
}

/**
 * A `read` event (the server's marker; from this tab or another, with the unread mentions left), or a
 * marker this tab is about to send (everything read leaves no mention unread; otherwise the server's
 * answer says how many are left).
 */
export function markRead(
  rooms: RoomSummary[],
  roomId: number,
  seq: number,
  server?: { unread: number; mention_count: number },
): RoomSummary[] {
  return updateOne(rooms, roomId, (room) => {
    const readSeq = Math.max(room.read_seq, seq);
    const lastSeq = Math.max(room.last_seq, server === undefined ? 0 : seq + server.unread);
    let mentions = room.mention_count;
    if (server !== undefined && seq >= room.read_seq) mentions = server.mention_count;
    else if (readSeq >= lastSeq) mentions = 0;
    if (readSeq === room.read_seq && lastSeq === room.last_seq && mentions === room.mention_count) return room;
    return withUnread({ ...room, read_seq: readSeq, last_seq: lastSeq, mention_count: mentions });
  });
}

/**
 * Live messages: each moves its room's last message and seq. The sender's
 * own messages move their marker (the server does the same), and so do
 * messages in `readingRoomId`, the room on screen in a focused window.
 */
export function applyMessages(rooms: RoomSummary[], messages: ChatMessage[], meId: number, readingRoomId: number | null): RoomSummary[] {
  let next = rooms;
  for (const message of messages) {
    next = updateOne(next, message.room_id, (room) => {
      const read = message.user_id === meId || message.room_id === readingRoomId;
      const newest = message.seq >= room.last_seq;
      if (!newest && !(read && message.seq > room.read_seq)) return room;
      const arrived = message.seq > room.last_seq && !read && mentionsUser(message, meId);
      return withUnread({
        ...room,
        last_seq: Math.max(room.last_seq, message.seq),
        read_seq: read ? Math.max(room.read_seq, message.seq) : room.read_seq,
        last_message: newest ? message : room.last_message,
        mention_count: room.mention_count + (arrived ? 1 : 0),
      });
    });
  }
  return next;
}

/** For a 1:1 DM: the other person. */
export function dmPartner(room: RoomSummary, meId: number): RoomMemberRef | undefined {
  return room.kind === 'dm' ? room.members?.find((member) => member.user_id !== meId) : undefined;
}

const byName = (a: RoomSummary, b: RoomSummary) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.room_id - b.room_id;
const lastActivity = (room: RoomSummary) => room.last_message?.datetime ?? '';

/**
 * Rooms: the default room first, then by name. Conversations: the most
 * recently active first (as a messenger sorts them), silent ones by name.
 */
export function sidebarSections(rooms: RoomSummary[]): { direct: RoomSummary[]; rooms: RoomSummary[] } {
  const direct = rooms.filter(isDirect).sort((a, b) => lastActivity(b).localeCompare(lastActivity(a)) || byName(a, b));
  const named = rooms
    .filter((room) => !isDirect(room))
    .sort((a, b) => Number(b.room_id === DEFAULT_ROOM_ID) - Number(a.room_id === DEFAULT_ROOM_ID) || byName(a, b));
  return { direct, rooms: named };
}

export function findRoom(rooms: RoomSummary[], roomId: number): RoomSummary | undefined {
  return rooms.find((room) => room.room_id === roomId);
}

/** `room_notify`: the level and mute the server now holds. */
export function applyNotify(rooms: RoomSummary[], roomId: number, level: NotifyLevel, mutedUntil: string | null): RoomSummary[] {
  return updateOne(rooms, roomId, (room) =>
    room.notify_level === level && room.muted_until === mutedUntil ? room : { ...room, notify_level: level, muted_until: mutedUntil },
  );
}

/**
 * What calls for this person's attention in a room, for the tab's title and favicon: every unread
 * message of a conversation that may interrupt with all of them, else the unread mentions.
 */
export function attention(room: RoomSummary, now: number): number {
  if (isDirect(room) && room.notify_level === 'all' && !isMuted(room.muted_until, now)) return room.unread;
  return room.mention_count;
}
