import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Bus, Origin } from '../bus/bus.js';
import type { Database } from '../storage/schema.js';
import { findSession, insertSession, revokeSession, touchSessions } from '../storage/sessions.js';
import { type Actor, actorOf } from './actor.js';
import { DomainError } from './errors.js';

/** How stale `last_used_at` may be: far below the idle limit (a day at least), so it never expires a live session. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 60 * 1000;
const TOUCH_CHUNK = 5_000;

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

  /**
   * A resume reads; it writes `last_used_at` only when that is over an hour old. Connected sessions are
   * touched in bulk (`touch`) every hour and at shutdown, so the reconnect storm after a deploy costs the
   * database no commit per client.
   */
  async resume(token: string): Promise<Actor> {
    const tokenHash = hashToken(token);
    const user = await findSession(this.db, tokenHash, this.maxIdleMs);
    if (!user) throw new DomainError('invalid_token');
    if (Date.now() - user.lastUsedAt.getTime() > SESSION_TOUCH_INTERVAL_MS) await touchSessions(this.db, [tokenHash]);
    return actorOf(user, user.joinedRooms);
  }

  /** Marks the sessions of connected clients as used (ids as `sessionIdOf` gives them), in chunks. */
  async touch(sessionIds: readonly string[]): Promise<void> {
    for (let start = 0; start < sessionIds.length; start += TOUCH_CHUNK) {
      await touchSessions(this.db, sessionIds.slice(start, start + TOUCH_CHUNK));
    }
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
