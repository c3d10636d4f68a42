import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import type { Actor } from './actor.js';

/**
 * Presence is per user, not per connection. Each process tells the others
 * when a user's first connection to it opens or its last one closes; a user
 * is online while any process has them.
 */
export class PresenceService {
  readonly processId = randomUUID();

  constructor(private readonly bus: Bus) {}

  async userArrived(actor: Actor): Promise<void> {
    await this.publish(actor, true);
  }

  async userLeft(actor: Actor): Promise<void> {
    await this.publish(actor, false);
  }

  /** Asks every process to repeat who is online with it (a process that just started knows nobody). */
  async requestSnapshot(): Promise<void> {
    await this.bus.publish({ type: 'presence_snapshot_request', processId: this.processId });
  }

  async heartbeat(): Promise<void> {
    await this.bus.publish({ type: 'presence_heartbeat', processId: this.processId });
  }

  async connectionClosed(connectionId: string, roomIds: number[]): Promise<void> {
    if (roomIds.length === 0) return;
    await this.bus.publish({ type: 'connection_closed', connectionId, roomIds });
  }

  private publish(actor: Actor, online: boolean): Promise<void> {
    return this.bus.publish({
      type: 'presence',
      processId: this.processId,
      userId: actor.userId,
      nickname: actor.nickname,
      online,
      roomIds: [...actor.rooms],
    });
  }
}
