import { randomUUID } from 'node:crypto';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { Actor } from './actor.js';

/**
 * Presence is per user, not per connection. Each process tells the others
 * when a user's first connection to it opens or its last one closes; a user
 * is online while any process has them. Notices are best effort (the bus
 * reports its own failures and never throws at the caller), and presence is
 * repaired when the bus returns.
 */
export class PresenceService {
  readonly processId = randomUUID();

  constructor(private readonly bus: Bus) {}

  userArrived(actor: Actor): Promise<void> {
    return this.publishPresence(actor, true);
  }

  userLeft(actor: Actor): Promise<void> {
    return this.publishPresence(actor, false);
  }

  /** Asks every process to repeat who is online with it (a process that just started knows nobody). */
  requestSnapshot(): Promise<void> {
    return this.publish({ type: 'presence_snapshot_request', processId: this.processId });
  }

  heartbeat(): Promise<void> {
    return this.publish({ type: 'presence_heartbeat', processId: this.processId });
  }

  connectionClosed(connectionId: string, roomIds: number[]): Promise<void> {
    if (roomIds.length === 0) return Promise.resolve();
    return this.publish({ type: 'connection_closed', connectionId, roomIds });
  }

  private publishPresence(actor: Actor, online: boolean): Promise<void> {
    const { userId, nickname } = actor;
    return this.publish({ type: 'presence', processId: this.processId, userId, nickname, online, roomIds: [...actor.rooms] });
  }

  private publish(event: BusEvent): Promise<void> {
    return this.bus.publish(event);
  }
}
