import type { ErrorCode } from './errors.js';
import type { ChatMessage } from './message.js';

/** Payload of every kind the server sends, keyed by kind. */
export interface ServerPayloads {
  initial: { connection_id: string };
  authorize: {
    connection_id: string;
    allowed: boolean;
    request_id?: string;
    user_id?: number;
    nickname?: string;
    /** Set when `allowed` is false: one of the error codes. */
    reason?: ErrorCode;
    message?: string;
  };
  send: { connection_id: string | null; messages: ChatMessage[]; request_id?: string; has_more?: boolean };
  remove: { connection_id: string };
  ack: { request_id: string; message_id: number; room_id: number; seq: number; duplicate?: boolean };
  pong: { request_id?: string };
  error: { code: ErrorCode; message: string; request_id?: string };
}

export type ServerKind = keyof ServerPayloads;

export const serverKinds: ServerKind[] = ['initial', 'authorize', 'send', 'remove', 'ack', 'pong', 'error'];

export type ServerFrame = { [K in ServerKind]: { kind: K; payload: ServerPayloads[K] } }[ServerKind];

export function encodeServerFrame<K extends ServerKind>(kind: K, payload: ServerPayloads[K]): string {
  return JSON.stringify({ kind, payload });
}
