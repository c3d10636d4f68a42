import type { ServerFrame } from '../protocol/server-events.js';
import type { ReadTracker } from './read-tracker.js';
import type { RoomActions } from './room-actions.js';
import type { RoomList } from './room-list.js';
import type { RoomSync } from './room-sync.js';

interface Handlers {
  rooms: RoomSync;
  list: RoomList;
  actions: RoomActions;
  reads: ReadTracker;
}

/** Forms whose success means "show me that room". */
const OPENS_ROOM = new Set(['create', 'conversation', 'join']);

/** The frames about rooms and the people in them, each to the part of the session that keeps it. */
export function routeRoomFrame(frame: ServerFrame, { rooms, list, actions, reads }: Handlers): void {
  const requestId = (frame.payload as { request_id?: string }).request_id;
  const form = requestId === undefined ? null : actions.settle(requestId);
  switch (frame.kind) {
    case 'rooms':
      for (const room of frame.payload.rooms) reads.note(room.room_id, room.read_seq);
      actions.notePresence(frame.payload.rooms);
      list.onRooms(frame.payload.rooms);
      return;
    case 'room':
      reads.note(frame.payload.room.room_id, frame.payload.room.read_seq);
      actions.notePresence([frame.payload.room]);
      list.onRoom(frame.payload.room);
      if (form && OPENS_ROOM.has(form)) rooms.open(frame.payload.room.room_id);
      return;
    case 'member':
      // The sidebar (a group DM's name and people) and the members panel.
      list.onMember(frame.payload);
      return actions.onMember(frame.payload);
    case 'room_updated':
      return list.onRoomUpdated(frame.payload);
    case 'room_removed':
      return list.onRoomRemoved(frame.payload.room_id);
    case 'read':
      reads.note(frame.payload.room_id, frame.payload.seq);
      return list.onRead(frame.payload);
    case 'history':
      return rooms.onHistory(frame.payload);
    case 'room_directory':
      return actions.onDirectory(frame.payload);
    case 'members':
      return actions.onMembers(frame.payload);
    case 'presence':
      return actions.onPresence(frame.payload);
    case 'typing':
      return actions.onTyping(frame.payload);
    default:
      // `pong` and `remove` (a connection left; presence says more) need nothing.
      return;
  }
}
