import type { Kysely } from 'kysely';
import type { ChatMessage } from '../protocol/message.js';
import type { Database } from '../storage/schema.js';
import { cleanSearchPendingLists } from '../storage/search.js';

/** Content committed between two cleanups: ~0.7 MB of pending entries, a sixth of PostgreSQL's default limit. */
const CHARACTERS_PER_CLEANUP = 100_000;

/**
 * The search indexes are GIN with fastupdate: a new row's entries go to a pending list, and the
 * insert that finds the list over gin_pending_list_limit (4 MB) merges all of it inside its own
 * statement. On the message path that statement is a group commit: measured, one commit in ~600
 * took 150–200 ms instead of 2, with every message in it and behind it waiting. Merging from another
 * connection before the list is that long does the same work off the message path (an insert that
 * finds a merge running appends and goes on). PostgreSQL only: PGlite has one session, so the
 * merge would hold up the next commit all the same.
 */
export class SearchIndexUpkeep {
  private committedCharacters = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (error: unknown) => void,
  ) {}

  committed(messages: ChatMessage[]): void {
    for (const message of messages) this.committedCharacters += message.content.length;
    if (this.committedCharacters < CHARACTERS_PER_CLEANUP || this.running) return;
    this.committedCharacters = 0;
    this.running = cleanSearchPendingLists(this.db)
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Waits for a merge in progress (shutdown). */
  async stop(): Promise<void> {
    await this.running;
  }
}
