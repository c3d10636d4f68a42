import type { Kysely } from 'kysely';
import { type ChatMessage, DEFAULT_ROOM_ID } from '../protocol/message.js';
import { findMessagePosition, type MessageRow, messagesAfter, messagesBefore, messagesChangedAfter } from '../storage/messages.js';
import { roomPositions } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import type { FileService } from './file-service.js';
import type { MessageContent } from './message-content.js';
import { presentMessages } from './message-views.js';
import type { MessageWriter, WrittenMessage } from './message-writer.js';
import { requireMember } from './room-access.js';

export interface PostInput {
  roomId?: number | undefined;
  content: string;
  clientId?: string | undefined;
  replyTo?: number | undefined;
  /** Upload ids (FileService checks them). */
  attachments?: string[] | undefined;
}

export interface PageRequest {
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
  aroundSeq?: number | undefined;
  aroundMessageId?: number | undefined;
  /** Every message changed or new after this rev, in rev order (not seq order). */
  afterRev?: number | undefined;
  limit?: number | undefined;
}

export interface Page {
  roomId: number;
  messages: ChatMessage[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/** Where a reconnecting client says it stopped in a room: its last message, its last seq, or the room's rev it holds. */
export type ResumePoint = { messageId: number } | { seq: number } | { rev: number };

export interface MissedPage {
  page: Page;
  /**
   * The room's position read before the page: every change up to `rev` is in
   * the page or was already the client's, so live copies up to it can be
   * dropped; `seq` is the room's newest message then.
   */
  room: { seq: number; rev: number };
}

/** Posting and reading messages; every call checks that the actor may see the room. */
export class MessageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writer: MessageWriter,
    private readonly content: MessageContent,
    private readonly limits: { historyPageSize: number },
    private readonly files: FileService,
  ) {}

  /** Resolves after the message is committed; rejects with a DomainError the client can act on. */
  async post(actor: Actor, input: PostInput, connectionId: string | null): Promise<WrittenMessage> {
    const roomId = input.roomId ?? DEFAULT_ROOM_ID;
    await requireMember(this.db, actor, roomId);
    checkNotSilenced(actor, roomId);
    const fileIds = input.attachments ?? [];
    // A message may be files alone; its text, when there is some, follows the usual rules.
    if (fileIds.length === 0 || input.content.length > 0) this.content.check(input.content);
    const attachments = await this.files.checkAttachable(actor, roomId, input.clientId ?? null, fileIds);
    const replyTo = input.replyTo === undefined ? null : await this.content.replyPreview(roomId, input.replyTo);
    const mentions = await this.content.mentions(actor, roomId, input.content);
    return this.writer.write({
      roomId,
      userId: actor.userId,
      nickname: actor.nickname,
      content: input.content,
      clientId: input.clientId ?? null,
      connectionId,
      replyTo,
      mentions,
      attachments,
    });
  }

  /**
   * What a reconnecting client missed in a room since the point it names, up
   * to `limit`: by seq, the messages after it, oldest first; by rev, every
   * message new or changed after it, each once in its latest state, in rev
   * order. The client pages on (`history {after_seq | after_rev}`) when
   * `hasMoreAfter`.
   */
  async missedSince(actor: Actor, roomId: number, since: ResumePoint, limit: number): Promise<MissedPage> {
    await requireMember(this.db, actor, roomId);
    const room = (await roomPositions(this.db, [roomId])).get(roomId) ?? { seq: 0, rev: 0 };
    if ('rev' in since) return { page: await this.page(actor, roomId, { afterRev: since.rev, limit }), room };
    let afterSeq = 'seq' in since ? since.seq : 0;
    if ('messageId' in since) {
      const position = await findMessagePosition(this.db, since.messageId);
      if (position?.room_id !== roomId) throw new DomainError('not_found', `message ${since.messageId} is not in room ${roomId}`);
      afterSeq = position.seq;
    }
    return { page: await this.page(actor, roomId, { afterSeq, limit }), room };
  }

  /**
   * One page of a room, oldest first: the newest page, the page before or
   * after a seq, the page centred on a seq or message (jump to message), or
   * the changes after a rev.
   */
  async page(actor: Actor, roomId: number, request: PageRequest = {}): Promise<Page> {
    const limit = request.limit ?? this.limits.historyPageSize;
    const chosen = [request.beforeSeq, request.afterSeq, request.aroundSeq, request.aroundMessageId, request.afterRev];
    if (chosen.filter((value) => value !== undefined).length > 1) {
      throw new DomainError('invalid_payload', 'give at most one of before_seq, after_seq, around_seq, around_message_id, after_rev');
    }
    await requireMember(this.db, actor, roomId);
    const done = async (rows: MessageRow[], hasMoreBefore: boolean, hasMoreAfter: boolean): Promise<Page> => ({
      roomId,
      messages: await presentMessages(this.db, rows),
      hasMoreBefore,
      hasMoreAfter,
    });
    if (request.afterRev !== undefined) {
      const changed = await messagesChangedAfter(this.db, roomId, request.afterRev, limit);
      return done(changed.rows, false, changed.hasMore);
    }
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

/** A member muted by a moderator: refused with the time left (from the actor's copy, so no query per message). */
function checkNotSilenced(actor: Actor, roomId: number, now = Date.now()): void {
  const until = actor.silenced.get(roomId);
  if (until === undefined) return;
  if (until <= now) {
    actor.silenced.delete(roomId);
    return;
  }
  if (until === Number.POSITIVE_INFINITY) throw new DomainError('forbidden', 'a moderator muted you in this room until further notice');
  const minutes = Math.ceil((until - now) / 60_000);
  throw new DomainError(
    'forbidden',
    `a moderator muted you in this room for another ${minutes} min (until ${new Date(until).toISOString()})`,
  );
}
