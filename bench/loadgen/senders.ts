import { Histogram, type HistogramJson, nowMicros } from '../lib/stats.js';
import type { BenchClient, Payload } from './client.js';
import { makeContent } from './content.js';

export interface SendReport {
  /** Per sender: messages sent this step. */
  sent: number[];
  /** Seconds from the first to the last send. */
  seconds: number;
  acks: number;
  ackLatency: HistogramJson;
  errors: Record<string, number>;
}

/** Most messages sent in one timer turn, so a starved sender falls behind instead of freezing. */
const MAX_PER_TURN = 400;

/**
 * The S sender connections of one generator process: they send at a fixed
 * total rate, round robin, each message stamped with its send time, and time
 * the `ack` that the server sends after the commit. Each posts to its room
 * (`rooms[s]`), or to the default room when none is given.
 */
export class SenderGroup {
  private pending: Array<Map<string, number>> = [];
  private ackLatency = new Histogram();
  private acks = 0;
  private errors: Record<string, number> = {};

  constructor(
    private readonly clients: BenchClient[],
    private readonly runId: string,
    private readonly rooms: number[] = [],
  ) {
    clients.forEach((client, index) => {
      client.onControl = (kind, payload) => this.onControl(index, kind, payload);
    });
  }

  run(step: number, rate: number, durationMs: number): Promise<SendReport> {
    const senders = this.clients.length;
    this.pending = this.clients.map(() => new Map());
    this.ackLatency = new Histogram();
    this.acks = 0;
    this.errors = {};
    const sent = new Array<number>(senders).fill(0);
    let total = 0;
    const start = nowMicros();
    const end = start + durationMs * 1000;
    let last = start;
    return new Promise((resolve) => {
      const turn = () => {
        const now = nowMicros();
        const due = Math.min(Math.floor((rate * (Math.min(now, end) - start)) / 1e6), total + MAX_PER_TURN);
        while (total < due) {
          const sender = total % senders;
          const n = sent[sender] as number;
          sent[sender] = n + 1;
          total += 1;
          const at = nowMicros();
          last = at;
          const requestId = `${step}.${n}`;
          this.pending[sender]?.set(requestId, at);
          this.clients[sender]?.send('message', {
            content: makeContent(step, sender, n, at),
            request_id: requestId,
            client_id: `${this.runId}.${step}.${sender}.${n}`,
            ...(this.rooms[sender] === undefined ? {} : { room_id: this.rooms[sender] }),
          });
        }
        if (now >= end) resolve(this.snapshot(sent, (last - start) / 1e6));
        else setTimeout(turn, 1);
      };
      turn();
    });
  }

  /** Acks keep arriving after the last send: call this after the drain for the final figures. */
  snapshot(sent: number[], seconds: number): SendReport {
    return { sent, seconds, acks: this.acks, ackLatency: this.ackLatency.toJSON(), errors: { ...this.errors } };
  }

  private onControl(sender: number, kind: string, payload: Payload): void {
    if (kind === 'ack') {
      const requestId = String(payload.request_id);
      const sentAt = this.pending[sender]?.get(requestId);
      if (sentAt === undefined) return;
      this.pending[sender]?.delete(requestId);
      this.acks += 1;
      this.ackLatency.record(nowMicros() - sentAt);
      // A duplicate ack means the server took the message for a retry of an earlier one: a harness bug.
      if (payload.duplicate === true) this.errors.duplicate_ack = (this.errors.duplicate_ack ?? 0) + 1;
    } else if (kind === 'error') {
      const code = String(payload.code);
      this.errors[code] = (this.errors[code] ?? 0) + 1;
    }
  }
}
