import type { HistogramJson } from '../lib/stats.js';
import type { Protocol } from './client.js';
import type { SendReport } from './senders.js';
import type { DeliveryReport } from './tracker.js';

/** receiver: counted subscriber; sender: sends and is counted as a subscriber too; extra: connected, not counted. */
export type Role = 'receiver' | 'sender' | 'extra';

export interface ConnectCommand {
  cmd: 'connect';
  /** One per server process; client i connects to urls[i mod n]. */
  urls: string[];
  protocol: Protocol;
  nicknames: string[];
  password: string;
  signup: boolean;
  concurrency: number;
  role: Role;
  localAddresses: string[];
}

export type Command =
  | ConnectCommand
  | { cmd: 'begin'; step: number; senders: number }
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
