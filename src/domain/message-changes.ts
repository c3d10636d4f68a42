import type { Kysely, Transaction } from 'kysely';
import type { Bus } from '../bus/bus.js';
import { type ChatMessage, EDIT_GRACE_MS, MAX_REACTIONS_PER_MESSAGE } from '../protocol/message.js';
import { insertAudit } from '../storage/audit.js';
import { setMessagePreview } from '../storage/link-previews.js';
import { listVersions, type MentionSet, replaceContent, setMentions, stampRev, tombstone } from '../storage/message-changes.js';
import { findMessage, type MessageRow } from '../storage/messages.js';
import { addReaction, distinctEmojiCount, reactionsOf, removeReaction } from '../storage/reactions.js';
import { lockRoom, type RoomRow } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import type { Actor } from './actor.js';
import { checkEmoji } from './emoji.js';
import { DomainError } from './errors.js';
import { firstLink } from './html-meta.js';
import type { MessageContent } from './message-content.js';
import { presentMessages } from './message-views.js';
import { MODERATOR_RANK, rankIn } from './permissions.js';
import { requireMember, requireWritable } from './room-access.js';
import { accessRoomToModerate, standingIn } from './standing.js';

type Trx = Transaction<Database>;

export interface ChangeResult {
  message: ChatMessage;
  /** False when the request changed nothing (the same content, a reaction already there): no rev, no fan-out. */
  changed: boolean;
}

/**
 * Edits, deletions and reactions. Each is one transaction that holds the
 * room's row lock, checks the message as it is under that lock, applies the
 * change and gives the message the room's next rev; after the commit the new
 * state goes out as a `messages` event, exactly like a new message, so every
 * client upserts it and `resume` finds it by rev.
 */
export class MessageChanges {
  private readonly editedListeners: Array<(message: ChatMessage) => void> = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly content: MessageContent,
    /** How long after sending its author may edit a message; 0: always. */
    private readonly editWindowMs: number,
  ) {}

  async edit(actor: Actor, messageId: number, content: string): Promise<ChangeResult> {
    this.content.check(content);
    const current = await this.accessMessage(actor, messageId);
    const mentions: MentionSet = await this.content.mentions(actor, current.room_id, content);
    const result = await this.change(current, async (trx, row, room) => {
      requireWritable(room);
      if (row.user_id !== actor.userId) throw new DomainError('forbidden', 'only its author can edit a message');
      if (row.deleted_at !== null) throw new DomainError('not_found', 'the message was deleted');
      const age = Date.now() - row.created_at.getTime();
      if (this.editWindowMs > 0 && age > this.editWindowMs) throw new DomainError('forbidden', 'the time to edit this message has passed');
      if (row.content === content) return false;
      await replaceContent(trx, row.id, content, age > EDIT_GRACE_MS ? new Date() : null);
      await setMentions(trx, row, mentions);
      // A preview of a link the message no longer has goes; the new first link's preview comes as its own change.
      if (row.preview_url !== null && firstLink(content) !== row.preview_url) await setMessagePreview(trx, row.id, { preview_url: null });
      return true;
    });
    if (result.changed) for (const listener of this.editedListeners) listener(result.message);
    return result;
  }

  /** Called with each edited message after its commit (the link preview of the new content). */
  onEdited(listener: (message: ChatMessage) => void): void {
    this.editedListeners.push(listener);
  }

  /**
   * The server found a preview for the message's first link: the message
   * changes (a new rev), so every client upserts it and resume replays it.
   * Nothing happens when the message was deleted or edited to another link meanwhile.
   */
  async showPreview(messageId: number, url: string): Promise<ChangeResult | undefined> {
    const current = await findMessage(this.db, messageId);
    if (!current) return undefined;
    return this.change(current, async (trx, row) => {
      if (row.deleted_at !== null || row.preview_url === url || firstLink(row.content) !== url) return false;
      await setMessagePreview(trx, row.id, { preview_url: url });
      return true;
    });
  }

  /** The author hides the preview of their message, for everyone. */
  async dismissPreview(actor: Actor, messageId: number): Promise<ChangeResult> {
    const current = await this.accessMessage(actor, messageId);
    return this.change(current, async (trx, row, room) => {
      requireWritable(room);
      if (row.user_id !== actor.userId) throw new DomainError('forbidden', "only its author can dismiss a message's link preview");
      if (row.deleted_at !== null) throw new DomainError('not_found', 'the message was deleted');
      if (row.preview_dismissed) return false;
      await setMessagePreview(trx, row.id, { preview_dismissed: true });
      return true;
    });
  }

  /**
   * The message becomes a tombstone: its seq stays (history and unread counts hold), its content is gone.
   * Its author may delete it, and so may the room's owner and moderators (and an admin, in a room they can
   * see); someone else's message deleted is audited (who, when, whose: never the content). In an archived
   * room only moderators delete (spam found later), the author no longer.
   */
  async delete(actor: Actor, messageId: number, address: string | null = null): Promise<ChangeResult> {
    const found = await findMessage(this.db, messageId);
    if (!found) throw new DomainError('not_found', 'no such message');
    await accessRoomToModerate(this.db, actor, found.room_id);
    return this.change(found, async (trx, row, room) => {
      const moderates = async () => rankIn(await standingIn(trx, actor.userId, room)) >= MODERATOR_RANK;
      if (row.user_id !== actor.userId && !(await moderates())) {
        throw new DomainError('forbidden', "only its author or the room's moderators can delete a message");
      }
      if (room.archived_at !== null && row.user_id === actor.userId && !(await moderates())) requireWritable(room);
      if (row.deleted_at !== null) return false;
      await tombstone(trx, row.id);
      if (row.user_id !== actor.userId) {
        const target = { targetUserId: row.user_id, targetRoomId: row.room_id, targetMessageId: row.id };
        await insertAudit(trx, { actorId: actor.userId, action: 'message_deleted', ...target, address });
      }
      return true;
    });
  }

  async react(actor: Actor, messageId: number, emojiInput: string, add: boolean): Promise<ChangeResult> {
    const emoji = checkEmoji(emojiInput);
    const current = await this.accessMessage(actor, messageId);
    return this.change(current, async (trx, row, room) => {
      requireWritable(room);
      if (row.deleted_at !== null) throw new DomainError('not_found', 'the message was deleted');
      if (!add) return removeReaction(trx, row.id, actor.userId, emoji);
      const given = (await reactionsOf(trx, [row.id])).some((reaction) => reaction.emoji === emoji);
      if (!given && (await distinctEmojiCount(trx, row.id)) >= MAX_REACTIONS_PER_MESSAGE) {
        throw new DomainError('forbidden', `a message holds at most ${MAX_REACTIONS_PER_MESSAGE} different reactions`);
      }
      return addReaction(trx, row.id, actor.userId, emoji);
    });
  }

  /** Earlier versions of one's own message, oldest first: never shown to anyone else. */
  async versions(actor: Actor, messageId: number): Promise<Array<{ content: string; datetime: string }>> {
    const current = await this.accessMessage(actor, messageId);
    if (current.user_id !== actor.userId) throw new DomainError('forbidden', "only its author can see a message's earlier versions");
    return (await listVersions(this.db, messageId)).map((version) => ({
      content: version.content,
      datetime: version.created_at.toISOString(),
    }));
  }

  /** The message, if the actor may see its room (else the same refusal as for a room they may not know). */
  private async accessMessage(actor: Actor, messageId: number): Promise<MessageRow> {
    const row = await findMessage(this.db, messageId);
    if (!row) throw new DomainError('not_found', 'no such message');
    await requireMember(this.db, actor, row.room_id);
    return row;
  }

  private async change(current: MessageRow, apply: (trx: Trx, row: MessageRow, room: RoomRow) => Promise<boolean>): Promise<ChangeResult> {
    const result = await this.db.transaction().execute(async (trx) => {
      const room = await lockRoom(trx, current.room_id);
      const row = await findMessage(trx, current.id);
      if (!row || !room) throw new DomainError('not_found', 'no such message');
      const changed = await apply(trx, row, room);
      if (changed) await stampRev(trx, row.room_id, row.id);
      const [message] = await presentMessages(trx, [changed ? ((await findMessage(trx, row.id)) as MessageRow) : row]);
      return { message: message as ChatMessage, changed };
    });
    if (result.changed) await this.bus.publish({ type: 'messages', messages: [{ message: result.message, connectionId: null }] });
    return result;
  }
}
