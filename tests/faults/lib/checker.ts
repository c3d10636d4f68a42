import type { StoredMessage } from './databases.js';
import type { ResumingClient } from './resuming-client.js';
import type { Sender } from './sender.js';

/** The counts every scenario reports (issue 13): all from the clients' own records and the database at the end. */
export interface Counts {
  /** Messages the senders tried to post (distinct client_ids). */
  attempted: number;
  acknowledged: number;
  /** Given up after a non-retryable error (none expected). */
  refused: number;
  /** Attempted messages present in the database. */
  stored: number;
  /** Acknowledged but absent from the database, or stored under another id than the ack said. */
  lost: number;
  /** client_ids stored more than once. */
  duplicatedStored: number;
  readers: number;
  /** Distinct messages shown to readers, summed over readers. */
  delivered: number;
  /** Messages in the database that each reader should have been shown, summed over readers. */
  expected: number;
  /** The same message shown to a reader twice. */
  duplicatedShown: number;
  /** Messages in the database missing from a reader's final log. */
  gaps: number;
  /** Messages shown after one with a higher seq in the same room. */
  outOfOrder: number;
}

function countOutOfOrder(seqs: number[]): number {
  let highest = 0;
  let late = 0;
  for (const seq of seqs) {
    if (seq < highest) late++;
    highest = Math.max(highest, seq);
  }
  return late;
}

export function countMessages(senders: Sender[], readers: ResumingClient[], rows: StoredMessage[]): Counts {
  const byClientId = new Map<string, StoredMessage[]>();
  const seqsByRoom = new Map<number, number[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const row of rows) {
    if (row.client_id !== null) push(byClientId, row.client_id, row);
    push(seqsByRoom, row.room_id, row.seq);
  }
  const attempts = senders.flatMap((sender) => [...sender.attempts.values()]);
  const counts: Counts = {
    attempted: attempts.length,
    acknowledged: 0,
    refused: 0,
    stored: 0,
    lost: 0,
    duplicatedStored: 0,
    readers: readers.length,
    delivered: 0,
    expected: 0,
    duplicatedShown: 0,
    gaps: 0,
    outOfOrder: 0,
  };
  for (const attempt of attempts) {
    const stored = byClientId.get(attempt.clientId) ?? [];
    if (stored.length > 0) counts.stored++;
    if (stored.length > 1) counts.duplicatedStored++;
    if (attempt.refused) counts.refused++;
    if (!attempt.ack) continue;
    counts.acknowledged++;
    if (!stored.some((row) => row.id === attempt.ack?.messageId)) counts.lost++;
  }
  for (const reader of readers) {
    counts.delivered += reader.log.delivered;
    counts.duplicatedShown += reader.log.duplicates;
    for (const room of reader.rooms) {
      const expected = seqsByRoom.get(room) ?? [];
      const shown = reader.log.arrivals.get(room) ?? [];
      const held = new Set(shown);
      counts.expected += expected.length;
      counts.gaps += expected.filter((seq) => !held.has(seq)).length;
      counts.outOfOrder += countOutOfOrder(shown);
    }
  }
  return counts;
}
