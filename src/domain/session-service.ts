import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Bus, Origin } from '../bus/bus.js';
import type { Database } from '../storage/schema.js';
import { insertSession, revokeSession, useSession } from '../storage/sessions.js';
import { type Actor, loadActor } from './actor.js';
import { DomainError } from './errors.js';

/**
 * Session tokens let a client resume without keeping the password. The token
 * is 256 random bits; only its SHA-256 is stored (a fast hash is enough for a
 * secret of that entropy), so a database leak does not leak sessions.
 */
export class SessionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly maxIdleMs: number,
  ) {}

  async open(userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await insertSession(this.db, hashToken(token), userId);
    return token;
  }

  async resume(token: string): Promise<Actor> {
    const user = await useSession(this.db, hashToken(token), this.maxIdleMs);
    if (!user) throw new DomainError('invalid_token');
    return loadActor(this.db, user);
  }

  /** Revokes the session everywhere: every process closes the connections signed in with it. */
  async revoke(sessionId: string, origin?: Origin): Promise<void> {
    const userId = await revokeSession(this.db, sessionId);
    // Unknown or already revoked: nothing to tell anyone (and no bus traffic for guessed tokens).
    if (userId === undefined) return;
    await this.bus.publish({ type: 'session_revoked', sessionId, userId, ...(origin ? { origin } : {}) });
  }
}

/** A session's id is the SHA-256 of its token: what the database and the connections keep. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const hashToken = sessionIdOf;
