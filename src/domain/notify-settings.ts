import type { Kysely } from 'kysely';
import type { Bus, Origin } from '../bus/bus.js';
import { defaultLevel, type NotifyLevel } from '../protocol/notifications.js';
import { setNotifySetting } from '../storage/notifications.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { presentMutedUntil } from './present.js';
import { accessRoom } from './room-access.js';

/** Per-membership notification levels and mutes; every connection of the user hears the change at once. */
export class NotifySettings {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
  ) {}

  async set(
    actor: Actor,
    roomId: number,
    change: { level?: NotifyLevel | undefined; mutedUntil?: string | null | undefined },
    origin?: Origin,
  ): Promise<void> {
    const room = await accessRoom(this.db, actor, roomId);
    if (change.mutedUntil && change.mutedUntil !== 'forever' && Date.parse(change.mutedUntil) <= Date.now()) {
      throw new DomainError('invalid_payload', 'muted_until must be in the future (or null to unmute)');
    }
    const saved = await setNotifySetting(this.db, roomId, actor.userId, change);
    if (!saved) throw new DomainError('not_found', 'no such room');
    await this.bus.publish({
      type: 'notify_settings',
      userId: actor.userId,
      roomId,
      level: saved.level ?? defaultLevel(room.kind),
      mutedUntil: presentMutedUntil(saved.mutedUntil),
      ...(origin ? { origin } : {}),
    });
  }
}
