import type { Bus } from '../bus/bus.js';

/** Who is here. For now: tells every process that a signed-in connection left its rooms. */
export class PresenceService {
  constructor(private readonly bus: Bus) {}

  async connectionClosed(connectionId: string, roomIds: number[]): Promise<void> {
    if (roomIds.length === 0) return;
    await this.bus.publish({ type: 'connection_closed', connectionId, roomIds });
  }
}
