import type { Kysely } from 'kysely';
import type { Bus, Origin } from '../bus/bus.js';
import { advanceReadMarker, countMentions } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { requireMember } from './room-access.js';

/**
 * Read markers. The marker only moves forward and never past the room's
 * newest message; unread (last_seq − marker) and unread mentions (mentions
 * above the marker) are derived, so they cannot drift.
 */
export class ReadService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
  ) {}

  async markRead(actor: Actor, roomId: number, seq: number, origin?: Origin): Promise<{ seq: number; unread: number }> {
    await requireMember(this.db, actor, roomId);
    const row = await advanceReadMarker(this.db, roomId, actor.userId, seq);
    if (!row) throw new DomainError('not_found', 'no such room');
    const mentionCount = await countMentions(this.db, roomId, actor.userId, row.last_read_seq);
    const marker = { seq: row.last_read_seq, unread: Math.max(0, row.last_seq - row.last_read_seq), mentionCount };
    await this.bus.publish({ type: 'read', userId: actor.userId, roomId, ...marker, ...(origin ? { origin } : {}) });
    return marker;
  }
}
