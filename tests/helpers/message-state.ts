import type { ChatMessage } from '../../src/protocol/message.js';
import type { TestClient } from './client.js';

/** What a client that upserts by message_id ends up showing for a room, from every message it was sent. */
export function foldMessages(messages: ChatMessage[], roomId: number): Map<number, ChatMessage> {
  const state = new Map<number, ChatMessage>();
  for (const message of messages) {
    if (message.room_id !== roomId) continue;
    const held = state.get(message.message_id);
    if (!held || held.rev < message.rev) state.set(message.message_id, message);
  }
  return state;
}

/** The server's own view of a room: every message in its latest state, by paging history from the start. */
export async function serverState(client: TestClient, roomId: number): Promise<Map<number, ChatMessage>> {
  const state = new Map<number, ChatMessage>();
  let after = 0;
  for (;;) {
    const page = await client.expectReply('history', { room_id: roomId, after_seq: after, limit: 100 }, 'history');
    for (const message of page.messages) state.set(message.message_id, message);
    if (!page.has_more_after || page.messages.length === 0) return state;
    after = page.messages.at(-1)?.seq ?? after;
  }
}
