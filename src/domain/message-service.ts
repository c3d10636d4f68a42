import type { Kysely } from 'kysely';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { findMessagePosition, type MessageRow, messagesAfter, messagesBefore } from '../storage/messages.js';
import { roomRevs } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import type { MessageWriter, WrittenMessage } from './message-writer.js';
import { presentMessage } from './present.js';
import { requireMember } from './room-access.js';

export interface PostInput {
  roomId?: number | undefined;
  content: string;
  clientId?: string | undefined;
}

export interface PageRequest {
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
  aroundSeq?: number | undefined;
  aroundMessageId?: number | undefined;
  limit?: number | undefined;
}

export interface Page {
  roomId: number;
  messages: ReturnType<typeof presentMessage>[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
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
    await requireMember(this.db, actor, roomId);
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

  /**
   * Everything in a room after the point a reconnecting client names (the
   * last message_id or seq it holds), oldest first, up to `limit`; the client
   * pages on with `history {after_seq}` when `hasMore`. `roomRev` is the
   * room's rev read before the page: every change up to it is in the page or
   * was already the client's, so live copies up to it can be dropped.
   */
  async missedSince(
    actor: Actor,
    roomId: number,
    since: { messageId?: number; seq?: number },
    limit: number,
  ): Promise<{ page: Page; afterSeq: number; roomRev: number }> {
    let afterSeq = since.seq ?? 0;
    if (since.messageId !== undefined) {
      const position = await findMessagePosition(this.db, since.messageId);
      if (position?.room_id !== roomId) throw new DomainError('not_found', `message ${since.messageId} is not in room ${roomId}`);
      afterSeq = position.seq;
    }
    const roomRev = (await roomRevs(this.db, [roomId])).get(roomId) ?? 0;
    return { page: await this.page(actor, roomId, { afterSeq, limit }), afterSeq, roomRev };
  }

  /**
   * One page of a room, oldest first: the newest page, the page before or
   * after a seq, or the page centred on a seq or message (jump to message).
   */
  async page(actor: Actor, roomId: number, request: PageRequest = {}): Promise<Page> {
    const limit = request.limit ?? this.limits.historyPageSize;
    const chosen = [request.beforeSeq, request.afterSeq, request.aroundSeq, request.aroundMessageId].filter((value) => value !== undefined);
    if (chosen.length > 1)
      throw new DomainError('invalid_payload', 'give at most one of before_seq, after_seq, around_seq, around_message_id');
    await requireMember(this.db, actor, roomId);
    const done = (rows: MessageRow[], hasMoreBefore: boolean, hasMoreAfter: boolean): Page => ({
      roomId,
      messages: rows.map(presentMessage),
      hasMoreBefore,
      hasMoreAfter,
    });
    if (request.afterSeq !== undefined) {
      const after = await messagesAfter(this.db, roomId, request.afterSeq, limit);
      return done(after.rows, request.afterSeq > 0, after.hasMore);
    }
    let around = request.aroundSeq;
    if (request.aroundMessageId !== undefined) {
      const position = await findMessagePosition(this.db, request.aroundMessageId);
      if (position?.room_id !== roomId) throw new DomainError('not_found', 'no such message in this room');
      around = position.seq;
    }
    if (around !== undefined) {
      const older = await messagesBefore(this.db, roomId, around + 1, Math.ceil(limit / 2));
      const newer = await messagesAfter(this.db, roomId, around, Math.floor(limit / 2));
      return done([...older.rows, ...newer.rows], older.hasMore, newer.hasMore);
    }
    const before = await messagesBefore(this.db, roomId, request.beforeSeq ?? null, limit);
    return done(before.rows, before.hasMore, request.beforeSeq !== undefined);
  }
}
