import type { Kysely } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { requireMember } from './room-access.js';

/** A typing notice lapses this long after its last refresh, so it can never stick. */
export const TYPING_TTL_MS = 5_000;
/** Refreshes closer together than this are absorbed: clients may send on every keystroke. */
const REFRESH_INTERVAL_MS = 1_500;

export class TypingService {
  private readonly lastPublished = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
  ) {}

  async typing(actor: Actor, roomId: number): Promise<void> {
    await requireMember(this.db, actor, roomId);
    const key = `${actor.userId}:${roomId}`;
    const now = Date.now();
    if (now - (this.lastPublished.get(key) ?? 0) < REFRESH_INTERVAL_MS) return;
    if (this.lastPublished.size > 50_000) this.prune(now);
    this.lastPublished.set(key, now);
    await this.bus.publish({ type: 'typing', roomId, userId: actor.userId, nickname: actor.nickname, ttlMs: TYPING_TTL_MS });
  }

  /** A sent message ends the notice (the hub clears it), so the next keystroke must be heard at once. */
  messageSent(actor: Actor, roomId: number): void {
    this.lastPublished.delete(`${actor.userId}:${roomId}`);
  }

  private prune(now: number): void {
    for (const [key, at] of this.lastPublished) if (now - at > REFRESH_INTERVAL_MS) this.lastPublished.delete(key);
  }
}
