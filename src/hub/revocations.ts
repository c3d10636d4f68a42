const REMEMBER_MS = 60_000;

/**
 * Sessions revoked, and accounts deactivated, in the last minute. A `resume`
 * that validated its token (or a sign-in that checked the account) just before
 * a `signout` or a deactivation elsewhere would otherwise sign in after the
 * notice passed by. A minute is far longer than any sign-in takes; later
 * sign-ins are refused by the database itself.
 */
export class RecentRevocations {
  private readonly revokedAt = new Map<string, number>();
  private readonly deactivatedAt = new Map<number, number>();

  add(sessionId: string, now = Date.now()): void {
    this.revokedAt.set(sessionId, now);
  }

  has(sessionId: string, now = Date.now()): boolean {
    forgetOld(this.revokedAt, now);
    return this.revokedAt.has(sessionId);
  }

  deactivate(userId: number, now = Date.now()): void {
    this.deactivatedAt.set(userId, now);
  }

  reactivate(userId: number): void {
    this.deactivatedAt.delete(userId);
  }

  isDeactivated(userId: number, now = Date.now()): boolean {
    forgetOld(this.deactivatedAt, now);
    return this.deactivatedAt.has(userId);
  }
}

function forgetOld<K>(times: Map<K, number>, now: number): void {
  for (const [key, at] of times) if (now - at > REMEMBER_MS) times.delete(key);
}
