import type { Kysely } from 'kysely';
import type { ChatMessage } from '../protocol/message.js';
import { messagesChangedAfter } from '../storage/messages.js';
import { roomRevs } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import { presentMessages } from './message-views.js';

/**
 * A room's changes read back from the database, for the hub to fill what the
 * bus lost or reordered. No permission check: the hub asks only for rooms its
 * subscribers already belong to.
 */
export class RoomChanges {
  constructor(private readonly db: Kysely<Database>) {}

  lastRevs(roomIds: number[]): Promise<Map<number, number>> {
    return roomRevs(this.db, roomIds);
  }

  async changesAfter(roomId: number, afterRev: number, limit: number): Promise<ChatMessage[]> {
    return presentMessages(this.db, (await messagesChangedAfter(this.db, roomId, afterRev, limit)).rows);
  }
}
