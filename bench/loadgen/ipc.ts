import type { HistogramJson } from '../lib/stats.js';
import type { Protocol } from './client.js';
import type { SendReport } from './senders.js';
import type { DeliveryReport } from './tracker.js';

/** receiver: counted subscriber; sender: sends and is counted as a subscriber too; extra: connected, not counted. */
export type Role = 'receiver' | 'sender' | 'extra';

export interface ConnectCommand {
  cmd: 'connect';
  /** One per server process; client i connects to urls[i mod n], or to urls[urlIndexes[i]] when given. */
  urls: string[];
  urlIndexes?: number[];
  protocol: Protocol;
  nicknames: string[];
  password: string;
  signup: boolean;
  concurrency: number;
  role: Role;
  localAddresses: string[];
  /** Parallel to nicknames: the room each connection joins after signing in (absent: the default room only). */
  rooms?: number[];
}

export type Command =
  | ConnectCommand
  /** `senderRooms[s]`: the room sender s posts to (null: every sender posts to the default room, which every connection is in). */
  | { cmd: 'begin'; step: number; senders: number; senderRooms: number[] | null }
  | { cmd: 'send'; step: number; rate: number; durationMs: number }
  | { cmd: 'poll' }
  | { cmd: 'end'; sent: number[] }
  | { cmd: 'exit' };

export interface ConnectReport {
  attempted: number;
  connected: number;
  signedUp: number;
  failures: Record<string, number>;
  latency: HistogramJson;
  seconds: number;
  /** Connections signed in that joined each room (by room id), when rooms were given. */
  joined: Record<string, number>;
  /** Role sender with rooms: the room of each of this process's senders, in sending order. */
  senderRooms: number[];
}

export interface PollReport {
  delivered: number;
  /** Milliseconds since this process last received a chat frame. */
  idleMs: number;
  closed: number;
}

export interface EndReport {
  delivery: DeliveryReport;
  send: SendReport | null;
  cpuSeconds: number;
  closed: number;
}

export interface ProgressEvent {
  event: 'progress';
  connected: number;
  failed: number;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
