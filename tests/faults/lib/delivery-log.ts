import type { ChatMessage } from '../../../src/protocol/message.js';

/** Message content the harness sends: `t=<epoch ms> <client_id>`, padded; readers measure latency from it. */
export function messageContent(clientId: string, padTo = 0): string {
  return `t=${Date.now()} ${clientId}`.padEnd(padTo, '.');
}

const sentAt = (content: string) => (content.startsWith('t=') ? Number(content.slice(2, content.indexOf(' '))) : Number.NaN);

/**
 * Everything one client was shown, in arrival order: what a user would have on screen. Messages are
 * recorded from every `send` frame, live or catch-up, so a repeat is a duplicate the user would see.
 */
export class DeliveryLog {
  /** room → seqs in the order they arrived. */
  readonly arrivals = new Map<number, number[]>();
  /** Milliseconds from a message's first send to its arrival here (same machine, same clock). */
  readonly latencies: number[] = [];
  duplicates = 0;
  private readonly seen = new Set<number>();
  private readonly newest = new Map<number, number>();
  private measuring = true;

  record(messages: ChatMessage[]): void {
    const now = Date.now();
    for (const message of messages) {
      if (this.seen.has(message.message_id)) {
        this.duplicates++;
        continue;
      }
      this.seen.add(message.message_id);
      const list = this.arrivals.get(message.room_id) ?? [];
      list.push(message.seq);
      this.arrivals.set(message.room_id, list);
      this.newest.set(message.room_id, Math.max(this.newest.get(message.room_id) ?? 0, message.seq));
      const sent = sentAt(message.content);
      if (this.measuring && Number.isFinite(sent)) this.latencies.push(now - sent);
    }
  }

  /** Stops collecting latencies (e.g. once a measured phase is over). */
  stopMeasuring(): void {
    this.measuring = false;
  }

  get delivered(): number {
    return this.seen.size;
  }

  /** The newest seq held in the room: where a resume continues from, as the web client does. */
  lastSeq(roomId: number): number {
    return this.newest.get(roomId) ?? 0;
  }

  /** Whether every seq 1..through of the room has arrived (each seq is recorded once: repeats are duplicates). */
  holdsThrough(roomId: number, through: number): boolean {
    const list = this.arrivals.get(roomId) ?? [];
    return list.filter((seq) => seq <= through).length === through;
  }
}
