import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../../src/protocol/message.js';

/**
 * The part of our protocol the baselines speak: sign-in (no password check,
 * no storage), ping, message → ack + broadcast. Messages look exactly like
 * ours on the wire, so the load generator treats every target alike.
 */
export type BaselineMessage = ChatMessage;

export interface Session {
  connectionId: string;
  user?: { id: number; nickname: string };
}

type Payload = Record<string, unknown>;

export interface MiniChatHooks {
  reply(kind: string, payload: Payload): void;
  join(): void;
  publish(message: BaselineMessage): void;
}

let nextUserId = 1;
let nextMessageId = 1;

export const newSession = (): Session => ({ connectionId: randomUUID() });

export function handleFrame(session: Session, kind: unknown, payload: Payload, hooks: MiniChatHooks): void {
  const requestId = typeof payload.request_id === 'string' ? payload.request_id : undefined;
  switch (kind) {
    case 'signin':
    case 'signup': {
      if (session.user) return;
      session.user = { id: nextUserId++, nickname: String(payload.nickname) };
      hooks.join();
      hooks.reply('authorize', {
        connection_id: session.connectionId,
        allowed: true,
        user_id: session.user.id,
        nickname: session.user.nickname,
        request_id: requestId,
      });
      return;
    }
    case 'ping':
      hooks.reply('pong', { request_id: requestId });
      return;
    case 'message': {
      if (!session.user || typeof payload.content !== 'string') return;
      const id = nextMessageId++;
      const message: BaselineMessage = {
        message_id: id,
        room_id: 1,
        seq: id,
        rev: id,
        user_id: session.user.id,
        nickname: session.user.nickname,
        content: payload.content,
        datetime: new Date().toISOString(),
      };
      if (typeof payload.client_id === 'string') message.client_id = payload.client_id;
      hooks.reply('ack', { request_id: requestId, message_id: id, room_id: 1, seq: id });
      hooks.publish(message);
      return;
    }
  }
}

export const listenPort = () => Number(process.env.PORT ?? 8090);
