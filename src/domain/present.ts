import type { ChatMessage } from '../protocol/message.js';
import type { MessageRow } from '../storage/messages.js';

/** The one place a stored message becomes the protocol's message object. */
export function presentMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    message_id: row.id,
    room_id: row.room_id,
    seq: row.seq,
    user_id: row.user_id,
    nickname: row.nickname,
    content: row.content,
    datetime: row.created_at.toISOString(),
  };
  if (row.client_id !== null) message.client_id = row.client_id;
  return message;
}
