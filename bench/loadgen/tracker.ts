import { Histogram, type HistogramJson, nowMicros } from '../lib/stats.js';
import { scanFrame } from './content.js';

/** What one generator process saw of one step. */
export interface DeliveryReport {
  connections: number;
  frames: number;
  /** Unique deliveries of this step's messages. */
  delivered: number;
  duplicates: number;
  missing: number;
  /** Messages of an earlier step that arrived during this one (backlog), or of a room the connection did not join. */
  stray: number;
  latency: HistogramJson;
  /** Per sender, per message number: the latency (µs) of its first and of its last delivery here. */
  firstMicros: Array<Array<number | null>>;
  lastMicros: Array<Array<number | null>>;
}

interface Track {
  /** Per sender: the next message number this connection expects. */
  next: Int32Array;
  /** The room it joined (null: it hears every sender, all posting to the default room). */
  room: number | null;
}

/**
 * Counts deliveries per connection without parsing JSON: each message's
 * step, sender, number and send time are read from its content bytes.
 * Per connection and sender, messages must arrive in order exactly once;
 * a jump counts as missing, a repeat as duplicate. With rooms, a connection
 * expects only the senders that post to its room.
 */
export class Tracker {
  private step = -1;
  private senders = 0;
  private senderRooms: number[] | null = null;
  private readonly tracks: Track[] = [];
  private latency = new Histogram();
  private firstMicros: number[][] = [];
  private lastMicros: number[][] = [];
  private frames = 0;
  private delivered = 0;
  private duplicates = 0;
  private gaps = 0;
  private stray = 0;
  lastDeliveryMicros = 0;

  get connections(): number {
    return this.tracks.length;
  }

  /** Tracks one more connection: its frame handler, and `release` for a connection that failed to sign in. */
  add(room: number | null = null): { onFrame: (data: Buffer) => void; release: () => void } {
    const track: Track = { next: new Int32Array(this.senders), room };
    this.tracks.push(track);
    return {
      onFrame: (data) => this.onFrame(track, data),
      release: () => {
        const index = this.tracks.indexOf(track);
        if (index !== -1) this.tracks.splice(index, 1);
      },
    };
  }

  begin(step: number, senders: number, senderRooms: number[] | null): void {
    this.step = step;
    this.senders = senders;
    this.senderRooms = senderRooms;
    for (const track of this.tracks) track.next = new Int32Array(senders);
    this.latency = new Histogram();
    this.firstMicros = Array.from({ length: senders }, () => []);
    this.lastMicros = Array.from({ length: senders }, () => []);
    this.frames = 0;
    this.delivered = 0;
    this.duplicates = 0;
    this.gaps = 0;
    this.stray = 0;
  }

  get deliveredSoFar(): number {
    return this.delivered;
  }

  /** `sent[s]`: how many messages sender s sent in this step. */
  report(sent: number[]): DeliveryReport {
    let missing = this.gaps;
    for (const track of this.tracks) {
      sent.forEach((count, sender) => {
        if (this.hears(track, sender)) missing += Math.max(0, count - (track.next[sender] ?? 0));
      });
    }
    return {
      connections: this.tracks.length,
      frames: this.frames,
      delivered: this.delivered,
      duplicates: this.duplicates,
      missing,
      stray: this.stray,
      latency: this.latency.toJSON(),
      firstMicros: this.firstMicros,
      lastMicros: this.lastMicros,
    };
  }

  private onFrame(track: Track, data: Buffer): void {
    const now = nowMicros();
    this.frames += 1;
    this.lastDeliveryMicros = now;
    scanFrame(data, (step, sender, n, sentAt) => {
      if (step !== this.step || sender >= this.senders || !this.hears(track, sender)) {
        this.stray += 1;
        return;
      }
      const expected = track.next[sender] as number;
      if (n < expected) {
        this.duplicates += 1;
        return;
      }
      if (n > expected) this.gaps += n - expected;
      track.next[sender] = n + 1;
      this.delivered += 1;
      const micros = now - sentAt;
      this.latency.record(micros);
      const first = this.firstMicros[sender] as number[];
      const last = this.lastMicros[sender] as number[];
      if (!(micros >= (first[n] as number))) first[n] = micros;
      if (!(micros <= (last[n] as number))) last[n] = micros;
    });
  }

  private hears(track: Track, sender: number): boolean {
    return this.senderRooms === null || this.senderRooms[sender] === track.room;
  }
}
