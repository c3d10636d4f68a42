import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { setSkeleton, usersWithoutSkeleton } from '../storage/users.js';
import { skeleton } from './confusables.js';

const UNIQUE_VIOLATION = '23505';

/**
 * Accounts from before migration 005 get their skeleton at the next start (once: afterwards none is
 * NULL). Two old accounts that look alike both stay; the younger keeps no skeleton, so it blocks nobody
 * and a third look-alike is still refused by the older one. Returns how many were filled.
 */
export async function backfillSkeletons(db: Kysely<Database>): Promise<number> {
  let filled = 0;
  let afterId = 0;
  for (;;) {
    const batch = await usersWithoutSkeleton(db, afterId, 500);
    if (batch.length === 0) return filled;
    for (const user of batch) {
      afterId = user.id;
      try {
        if (await setSkeleton(db, user.id, skeleton(user.nickname))) filled += 1;
      } catch (error) {
        // Another process filling the same look-alike at the same moment: the other one won.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      }
    }
  }
}
