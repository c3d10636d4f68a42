import type { Kysely } from 'kysely';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { latestMessages } from '../storage/messages.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import type { MessageWriter, WrittenMessage } from './message-writer.js';
import { presentMessage } from './present.js';

export interface PostInput {
  roomId?: number | undefined;
  content: string;
  clientId?: string | undefined;
}

/** Posting and reading messages; every call checks that the actor may see the room. */
export class MessageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writer: MessageWriter,
    private readonly limits: { maxMessageLength: number; historyPageSize: number },
  ) {}

  /** Resolves after the message is committed; rejects with a DomainError the client can act on. */
  async post(actor: Actor, input: PostInput, connectionId: string | null): Promise<WrittenMessage> {
    const roomId = input.roomId ?? DEFAULT_ROOM_ID;
    this.accessRoom(actor, roomId);
    if (input.content.trim().length === 0) throw new DomainError('invalid_payload', 'message content must not be blank');
    if ([...input.content].length > this.limits.maxMessageLength) {
      throw new DomainError('too_large', `message content is over ${this.limits.maxMessageLength} characters`);
    }
    return this.writer.write({
      roomId,
      userId: actor.userId,
      nickname: actor.nickname,
      content: input.content,
      clientId: input.clientId ?? null,
      connectionId,
    });
  }

  /** The most recent page of a room, oldest first: what `authorized` answers with. */
  async latestPage(actor: Actor, roomId: number = DEFAULT_ROOM_ID) {
    this.accessRoom(actor, roomId);
    const page = await latestMessages(this.db, roomId, this.limits.historyPageSize);
    return { messages: page.rows.map(presentMessage), hasMore: page.hasMore };
  }

  /** A room the actor is not in does not exist as far as they can tell. */
  private accessRoom(actor: Actor, roomId: number): void {
    if (!actor.rooms.has(roomId)) throw new DomainError('not_found', 'no such room');
  }
}
