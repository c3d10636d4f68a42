/** A chat message as every server event carries it. Clients upsert by `message_id`. */
export interface ChatMessage {
  message_id: number;
  room_id: number;
  /** Position in the room: increases by exactly one per message, in commit order. */
  seq: number;
  /**
   * The room's change position of this state of the message: every change in a room (a new
   * message, an edit, a deletion, a reaction) takes the next rev, in commit order. A client that
   * holds rev R of a room has every change up to R; later states of a message carry larger revs.
   */
  rev: number;
  user_id: number;
  nickname: string;
  content: string;
  /** ISO 8601, UTC. */
  datetime: string;
  /** The sender's idempotency key, when it sent one. */
  client_id?: string;
}

/** The room the seed called "the chat": created by the first migration. */
export const DEFAULT_ROOM_ID = 1;
