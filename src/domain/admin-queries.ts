import type { Kysely } from 'kysely';
import type { AuditEntry, ServerRole, UserInfo } from '../protocol/roles.js';
import { type AuditRow, listAudit } from '../storage/audit.js';
import type { Database } from '../storage/schema.js';
import { findUser, listUsers } from '../storage/users.js';
import { nicknameKey } from './nickname.js';
import { forbidden } from './standing.js';

const DEFAULT_PAGE = 50;

/** What the admin page reads: accounts and the audit log. The asker's role is read from the database each time. */
export class AdminQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async users(
    actorId: number,
    filter: { query?: string | undefined; role?: ServerRole | undefined; afterId?: number | undefined; limit?: number | undefined },
  ): Promise<{ users: UserInfo[]; hasMore: boolean }> {
    await this.requireAdmin(actorId);
    const limit = filter.limit ?? DEFAULT_PAGE;
    const search = filter.query?.trim() ? nicknameKey(filter.query.trim()) : undefined;
    const rows = await listUsers(this.db, { role: filter.role, search, afterId: filter.afterId, limit: limit + 1 });
    const users = rows.slice(0, limit).map((row) => ({
      user_id: row.id,
      nickname: row.nickname,
      role: row.role,
      created_at: row.created_at.toISOString(),
    }));
    return { users, hasMore: rows.length > limit };
  }

  async audit(
    actorId: number,
    filter: {
      userId?: number | undefined;
      roomId?: number | undefined;
      action?: string | undefined;
      beforeId?: number | undefined;
      limit?: number | undefined;
    },
  ): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    await this.requireAdmin(actorId);
    const limit = filter.limit ?? DEFAULT_PAGE;
    const rows = await listAudit(this.db, { ...filter, limit: limit + 1 });
    return { entries: rows.slice(0, limit).map(presentAudit), hasMore: rows.length > limit };
  }

  /** The server's numbers (`read`: from this process's metrics registry), for an admin only. */
  async stats(actorId: number, read: () => Promise<Record<string, number>>): Promise<Record<string, number>> {
    await this.requireAdmin(actorId);
    return read();
  }

  private async requireAdmin(actorId: number): Promise<void> {
    if ((await findUser(this.db, actorId))?.role !== 'admin') throw forbidden('only an admin can read this');
  }
}

function presentAudit(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    last_at: row.last_at.toISOString(),
    actor: row.actor_id === null ? null : { user_id: row.actor_id, nickname: row.actor_nickname ?? '' },
    action: row.action,
    target_user: row.target_user_id === null ? null : { user_id: row.target_user_id, nickname: row.target_nickname ?? '' },
    target_room_id: row.target_room_id,
    target_message_id: row.target_message_id,
    old_value: row.old_value,
    new_value: row.new_value,
    address: row.address,
    count: row.count,
  };
}
