import { TestClient } from '../../helpers/client.js';
import { ResumingClient } from './resuming-client.js';
import { Sender } from './sender.js';

export interface CrowdSpec {
  senders: number;
  readers: number;
  /** Where client `index` of a role connects (and reconnects). */
  url: (index: number, role: 'sender' | 'reader') => string;
  /** Readers reconnect and resume when their connection drops; senders always do. */
  readersReconnect: boolean;
  /** The room client `index` of a role joins and talks in (default: the default room 1). */
  room?: (index: number, role: 'sender' | 'reader') => number;
  perSecond: number;
  window?: number;
  padTo?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, at most `limit` at a time (sign-ups hash passwords: a burst only queues). */
export async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(work));
}

/** Public rooms made by a throwaway user, for scenarios that spread clients over several rooms. */
export async function createRooms(wsUrl: string, count: number): Promise<number[]> {
  const owner = await (await TestClient.connect(wsUrl)).signup();
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await owner.expectReply('room_create', { kind: 'public', name: `faults ${i}` }, 'room');
    ids.push(reply.room.room_id);
  }
  owner.close();
  return ids;
}

/** Senders and readers of one scenario: signed up, in their rooms, ready to run. */
export class Crowd {
  private constructor(
    readonly senders: Sender[],
    readonly readers: ResumingClient[],
  ) {}

  static async gather(spec: CrowdSpec): Promise<Crowd> {
    const room = spec.room ?? (() => 1);
    const make = (role: 'sender' | 'reader', index: number) =>
      new ResumingClient({ url: () => spec.url(index, role), reconnect: role === 'sender' || spec.readersReconnect });
    const senderClients = Array.from({ length: spec.senders }, (_, i) => make('sender', i));
    const readers = Array.from({ length: spec.readers }, (_, i) => make('reader', i));
    const joined = async (client: ResumingClient, roomId: number) => {
      await client.signUp();
      if (roomId !== 1) await client.join(roomId);
    };
    await inBatches(senderClients, 10, (client) => joined(client, room(senderClients.indexOf(client), 'sender')));
    await inBatches(readers, 10, (client) => joined(client, room(readers.indexOf(client), 'reader')));
    const senders = senderClients.map(
      (client, i) =>
        new Sender(client, { roomId: room(i, 'sender'), perSecond: spec.perSecond, window: spec.window ?? 4, padTo: spec.padTo ?? 0 }),
    );
    return new Crowd(senders, readers);
  }

  get clients(): ResumingClient[] {
    return [...this.senders.map((sender) => sender.client), ...this.readers];
  }

  start(): void {
    for (const sender of this.senders) sender.start();
  }

  /** The newest acknowledged seq per room: what every reader of the room must end up holding. */
  ackedThrough(): Map<number, number> {
    const through = new Map<number, number>();
    for (const sender of this.senders) {
      for (const attempt of sender.attempts.values()) {
        if (attempt.ack) through.set(attempt.roomId, Math.max(through.get(attempt.roomId) ?? 0, attempt.ack.seq));
      }
    }
    return through;
  }

  /**
   * Ends the traffic: senders stop and retry until everything is acknowledged, then readers get time to
   * be shown every acknowledged message (through their live connection, or a resume). Returns the
   * milliseconds it took, or undefined when the time ran out (the counts then show what is missing).
   */
  async settle(timeoutMs: number): Promise<number | undefined> {
    const started = performance.now();
    await Promise.all(this.senders.map((sender) => sender.settle(timeoutMs)));
    const through = this.ackedThrough();
    const settled = (reader: ResumingClient) =>
      [...through].every(([room, seq]) => !reader.rooms.has(room) || reader.log.holdsThrough(room, seq));
    while (performance.now() - started < timeoutMs) {
      if (this.senders.every((sender) => sender.unacknowledged === 0) && this.readers.every(settled)) {
        return Math.round(performance.now() - started);
      }
      await sleep(100);
    }
    return undefined;
  }

  stop(): void {
    for (const sender of this.senders) sender.stop();
    for (const client of this.clients) client.stop();
  }

  failovers(): number[] {
    return this.clients.flatMap((client) => client.failovers);
  }
}
