import type { Kysely } from 'kysely';
import { WindowCounter } from '../lib/rate.js';
import { REPLY_PREVIEW_LENGTH, type ReplyPreview } from '../protocol/message.js';
import type { MentionSet } from '../storage/message-changes.js';
import { findMessage } from '../storage/messages.js';
import { countMembers, findRoom, membersByNicknameKey } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { findMentionCandidates, pickMentions } from './mentions.js';

/** @room calls everyone: in a room bigger than this only its owner may. */
export const ROOM_MENTION_MAX_MEMBERS = 50;
const ROOM_MENTIONS_PER_WINDOW = 5;
const ROOM_MENTION_WINDOW_MS = 10 * 60_000;

/** The rules a message's content meets when it is sent and whenever it is edited. */
export class MessageContent {
  private readonly roomMentions = new WindowCounter(ROOM_MENTIONS_PER_WINDOW, ROOM_MENTION_WINDOW_MS);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxLength: number,
  ) {}

  check(content: string): void {
    if (content.trim().length === 0) throw new DomainError('invalid_payload', 'message content must not be blank');
    if ([...content].length > this.maxLength) throw new DomainError('too_large', `message content is over ${this.maxLength} characters`);
  }

  /** Who the content calls: @nicknames of the room's members (one query, only when there is an @), and @room. */
  async mentions(actor: Actor, roomId: number, content: string): Promise<MentionSet> {
    if (!content.includes('@')) return { userIds: [], room: false };
    const candidates = findMentionCandidates(content);
    const members = await membersByNicknameKey(this.db, roomId, [...new Set(candidates.perMention.flat())]);
    if (candidates.room) await this.allowRoomMention(actor, roomId);
    return { userIds: pickMentions(candidates, members, actor.userId), room: candidates.room };
  }

  /** The quote a reply carries: the answered message must be a live one of the same room. */
  async replyPreview(roomId: number, messageId: number): Promise<ReplyPreview> {
    const answered = await findMessage(this.db, messageId);
    if (answered?.room_id !== roomId || answered.deleted_at !== null) throw new DomainError('not_found', 'no such message in this room');
    return {
      message_id: answered.id,
      user_id: answered.user_id,
      nickname: answered.nickname,
      preview: [...answered.content].slice(0, REPLY_PREVIEW_LENGTH).join(''),
    };
  }

  private async allowRoomMention(actor: Actor, roomId: number): Promise<void> {
    const room = await findRoom(this.db, roomId);
    if (room?.owner_id !== actor.userId && (await countMembers(this.db, roomId)) > ROOM_MENTION_MAX_MEMBERS) {
      throw new DomainError('forbidden', `@room in a room of more than ${ROOM_MENTION_MAX_MEMBERS} people is for its owner only`);
    }
    const key = String(actor.userId);
    if (!this.roomMentions.allows(key)) throw new DomainError('rate_limited', 'too many @room mentions; wait a few minutes');
    this.roomMentions.record(key);
  }
}
