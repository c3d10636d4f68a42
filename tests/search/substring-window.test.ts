import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { textMatch } from '../../src/domain/search-service.js';
import { type SearchFilter, searchMessages } from '../../src/storage/search.js';
import type { Store } from '../../src/storage/store.js';
import { availableStores, openFreshStore, type StoreLocation } from '../helpers/stores.js';
import { seedCorpus } from './search-fixtures.js';

/**
 * A substring search reads the newest messages backwards first and asks the trigram index only for
 * what lies below that window. Wherever the window ends, the pages must be the ones a single
 * index search gives: every match, newest first, none twice, cursors continuing where they stopped.
 */
const stores = await availableStores();
const opened: Array<{ name: string; store: Store; location: StoreLocation | undefined; filter: Omit<SearchFilter, 'limit'> }> = [];

beforeAll(async () => {
  for (const name of stores) {
    const { store, location } = await openFreshStore(name);
    const { actor } = await seedCorpus(store.db);
    // Newer messages after the corpus: some with the fragment, most without, and tombstones that must never count.
    const room = (await store.db.selectFrom('room_members').select('room_id').where('user_id', '=', actor.userId).executeTakeFirstOrThrow())
      .room_id;
    for (let i = 0; i < 60; i++) {
      const deleted = i % 13 === 0;
      await store.db
        .insertInto('messages')
        .values({
          room_id: room,
          seq: 1_000 + i,
          rev: 1_000 + i,
          user_id: actor.userId,
          content: i % 7 === 0 ? `we redeployed build ${i}` : `filler ${i}`,
          client_id: null,
          edited_at: null,
          deleted_at: deleted ? new Date() : null,
          reply_to_id: null,
          mentions: null,
        })
        .execute();
    }
    const parsed = parseSearchQuery('deplo');
    if (!parsed.ok) throw new Error(parsed.problem);
    const text = textMatch(parsed.query.terms, 's');
    opened.push({
      name,
      store,
      location,
      filter: { userId: actor.userId, text, roomRefs: [], fromKeys: [], hasLink: false, isMention: false },
    });
  }
}, 120_000);

afterAll(async () => {
  for (const entry of opened) {
    await entry.store.close();
    await entry.location?.dispose();
  }
});

describe('substring search: the newest messages first, then the trigram index', () => {
  it('gives the same pages wherever the window ends', async () => {
    for (const { name, store, filter } of opened) {
      const pages = async (limit: number, window: number) => {
        const contents: string[] = [];
        let beforeId: number | undefined;
        for (let page = 0; page < 50; page++) {
          const result = await searchMessages(store.db, { ...filter, limit, beforeId, substringWindow: window });
          contents.push(...result.rows.map((row) => `${row.id}:${row.content}`));
          if (!result.hasMore) break;
          beforeId = result.rows.at(-1)?.id;
        }
        return contents;
      };
      const everything = await pages(50, 1_000_000);
      // The corpus's three "deplo" messages and the newer "redeployed" ones (9 of the 60, less one tombstone).
      expect(everything.filter((hit) => hit.includes('redeployed')).length, name).toBe(8);
      expect(everything.length, name).toBe(11);
      const ids = everything.map((hit) => Number(hit.split(':')[0]));
      expect(ids, name).toEqual([...ids].sort((a, b) => b - a));
      for (const window of [1, 5, 16, 40, 100]) {
        for (const limit of [1, 2, 3, 20])
          expect(await pages(limit, window), `${name} window ${window} limit ${limit}`).toEqual(everything);
      }
    }
  });
});
