import type { Kysely, Transaction } from 'kysely';
import type { Bus, Origin } from '../bus/bus.js';
import { MAX_MUTE_MS, type ModerateAction, type RoomRole, SILENCED_FOREVER } from '../protocol/roles.js';
import { insertAudit } from '../storage/audit.js';
import { findMessage } from '../storage/messages.js';
import { setRoomRole, setSilenced } from '../storage/moderation.js';
import { lockRoom, type RoomRow, removeMember, updateRoom } from '../storage/rooms.js';
import type { Database } from '../storage/schema.js';
import { findUser } from '../storage/users.js';
import type { Actor } from './actor.js';
import { DomainError, toDomainError } from './errors.js';
import type { MessageChanges } from './message-changes.js';
import { managesRoom, outranks } from './permissions.js';
import { accessRoomToModerate, forbidden, standingIn } from './standing.js';

type Trx = Transaction<Database>;

export interface ModerateInput {
  roomId: number;
  action: ModerateAction;
  messageId?: number | undefined;
  userId?: number | undefined;
  until?: string | undefined;
  role?: 'moderator' | 'member' | undefined;
}

/** What took effect, as the `moderated` frame says it. */
export interface ModerateResult {
  room_id: number;
  action: ModerateAction;
  user_id?: number;
  message_id?: number;
  until?: string | null;
  role?: RoomRole;
}

/**
 * Moderation in a room. Each action is one transaction holding the room's row lock: the actor's and the
 * target's standing are read under it, the change and its audit row are written, and only after the commit
 * is it published. Every refusal is `forbidden` and changes nothing (a room the actor may not see included,
 * so the code does not tell whether it exists).
 */
export class ModerationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    private readonly changes: MessageChanges,
  ) {}

  /**
   * `origin`: for a mute, an unmute or a room role, the asker's connection hears `moderated` with the room's
   * members (carrying its request_id) instead of from the caller.
   */
  async moderate(actor: Actor, input: ModerateInput, address: string, origin?: Origin): Promise<ModerateResult> {
    try {
      await accessRoomToModerate(this.db, actor, input.roomId);
      if (input.action === 'delete_message') return await this.deleteMessage(actor, input, address);
      if (input.action === 'archive' || input.action === 'unarchive')
        return await this.setArchived(actor, input.roomId, input.action, address);
      return await this.onMember(actor, input, address, origin);
    } catch (error) {
      const refusal = toDomainError(error);
      if (refusal?.code === 'unavailable' || refusal?.code === 'forbidden' || !refusal) throw error;
      throw forbidden(refusal.message);
    }
  }

  private async deleteMessage(actor: Actor, input: ModerateInput, address: string): Promise<ModerateResult> {
    if (input.messageId === undefined) throw forbidden('delete_message needs message_id');
    const message = await findMessage(this.db, input.messageId);
    if (message?.room_id !== input.roomId) throw forbidden('no such message in this room');
    await this.changes.delete(actor, input.messageId, address);
    return { room_id: input.roomId, action: 'delete_message', message_id: input.messageId };
  }

  /**
   * Archive (read-only) or unarchive: the room's owner, or an admin who can see it; never a DM. Every
   * member's connections, on every process, hear it as `room_updated`; the actor's reply is `moderated`.
   * Archiving an archived room changes nothing: not audited again, nothing published.
   */
  private async setArchived(actor: Actor, roomId: number, action: 'archive' | 'unarchive', address: string): Promise<ModerateResult> {
    const room = await this.db.transaction().execute(async (trx) => {
      const locked = await lockRoom(trx, roomId);
      if (!locked) throw forbidden('no such room');
      if (!managesRoom(await standingIn(trx, actor.userId, locked))) {
        throw forbidden("only the room's owner or an admin can archive or unarchive it");
      }
      if ((locked.archived_at !== null) === (action === 'archive')) return undefined;
      const updated = await updateRoom(trx, roomId, { archived_at: action === 'archive' ? new Date() : null });
      const audited = action === 'archive' ? 'room_archived' : 'room_unarchived';
      await insertAudit(trx, { actorId: actor.userId, action: audited, targetRoomId: roomId, address });
      return updated;
    });
    if (room) {
      const archived = room.archived_at !== null;
      await this.bus.publish({ type: 'room_updated', roomId, name: room.name, topic: room.topic, archived });
    }
    return { room_id: roomId, action };
  }

  private async onMember(actor: Actor, input: ModerateInput, address: string, origin?: Origin): Promise<ModerateResult> {
    const targetId = input.userId;
    if (targetId === undefined) throw forbidden(`${input.action} needs user_id`);
    if (targetId === actor.userId) throw forbidden('moderators act on others, not on themselves');
    const until = input.action === 'mute' ? checkUntil(input.until) : null;
    const result = await this.db.transaction().execute(async (trx) => {
      const room = await lockRoom(trx, input.roomId);
      if (!room) throw forbidden('no such room');
      const me = await standingIn(trx, actor.userId, room);
      const them = await standingIn(trx, targetId, room);
      if (them.roomRole === undefined) throw forbidden('the user is not a member of this room');
      const audit = { actorId: actor.userId, targetUserId: targetId, targetRoomId: room.id, address };
      switch (input.action) {
        case 'remove_member':
          return this.remove(trx, room, outranks(me, them), audit);
        case 'mute':
        case 'unmute': {
          if (room.kind === 'dm') throw forbidden('nobody is muted in a DM');
          if (!outranks(me, them)) throw forbidden('only a moderator of higher rank can mute or unmute this member');
          await setSilenced(trx, room.id, targetId, until);
          const action = input.action === 'mute' ? 'member_muted' : 'member_unmuted';
          await insertAudit(trx, { ...audit, action, oldValue: them.silencedUntil, newValue: until });
          return { room_id: room.id, action: input.action, user_id: targetId, until };
        }
        case 'set_room_role': {
          const role = input.role;
          if (role === undefined) throw forbidden('set_room_role needs role');
          if (!managesRoom(me)) throw forbidden("only the room's owner or an admin names moderators");
          if (them.roomRole === 'owner') throw forbidden("the owner's role does not change");
          await setRoomRole(trx, room.id, targetId, role);
          await insertAudit(trx, { ...audit, action: 'room_role_changed', oldValue: them.roomRole, newValue: role });
          return { room_id: room.id, action: 'set_room_role' as const, user_id: targetId, role };
        }
        default:
          throw forbidden('unknown action');
      }
    });
    await this.publish(result, origin);
    return result;
  }

  private async remove(
    trx: Trx,
    room: RoomRow,
    outranked: boolean,
    audit: { actorId: number; targetUserId: number; targetRoomId: number; address: string },
  ): Promise<ModerateResult> {
    if (room.kind !== 'private' && room.kind !== 'group') throw forbidden('members are removed from private rooms only');
    if (!outranked) throw forbidden('only a moderator of higher rank can remove this member');
    await removeMember(trx, room.id, audit.targetUserId);
    await insertAudit(trx, { ...audit, action: 'member_removed' });
    return { room_id: room.id, action: 'remove_member', user_id: audit.targetUserId };
  }

  private async publish(result: ModerateResult, origin?: Origin): Promise<void> {
    const userId = result.user_id as number;
    if (result.action === 'remove_member') {
      const nickname = (await findUser(this.db, userId))?.nickname ?? '';
      await this.bus.publish({ type: 'membership', userId, nickname, roomId: result.room_id, room: null });
      return;
    }
    await this.bus.publish({ type: 'moderated', userId, result, ...(origin ? { origin } : {}) });
  }
}

/** A mute's end: absent or "forever" until unmuted; otherwise in the future and within MAX_MUTE_MS. */
function checkUntil(until: string | undefined): string {
  if (until === undefined || until === SILENCED_FOREVER) return SILENCED_FOREVER;
  const at = Date.parse(until);
  if (!(at > Date.now())) throw new DomainError('forbidden', 'a mute ends in the future');
  if (at - Date.now() > MAX_MUTE_MS) throw new DomainError('forbidden', 'a timed mute lasts at most a year; mute without until instead');
  return new Date(at).toISOString();
}
