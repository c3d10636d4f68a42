const REMEMBER_MS = 60_000;

/**
 * Sessions revoked in the last minute. A `resume` that validated its token
 * just before a `signout` elsewhere would otherwise sign in after the
 * revocation notice passed by.
 */
export class RecentRevocations {
  private readonly revokedAt = new Map<string, number>();

  add(sessionId: string, now = Date.now()): void {
    this.revokedAt.set(sessionId, now);
  }

  has(sessionId: string, now = Date.now()): boolean {
    for (const [id, at] of this.revokedAt) if (now - at > REMEMBER_MS) this.revokedAt.delete(id);
    return this.revokedAt.has(sessionId);
  }
}
