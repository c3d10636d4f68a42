import type { Transaction } from 'kysely';
import { insertAudit } from '../storage/audit.js';
import type { RoomRow } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';

/** An admin's rename or topic change of someone else's room, one audit row per field that changed. */
export async function auditRoomEdit(
  trx: Transaction<Database>,
  who: { actorId: number; targetRoomId: number; address: string },
  before: RoomRow,
  after: RoomRow,
): Promise<void> {
  if (before.name !== after.name) await insertAudit(trx, { ...who, action: 'room_renamed', oldValue: before.name, newValue: after.name });
  if (before.topic !== after.topic) {
    await insertAudit(trx, { ...who, action: 'room_topic_changed', oldValue: before.topic, newValue: after.topic });
  }
}
