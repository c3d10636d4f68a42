import type { Kysely, Transaction } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { AdminUserAction, ServerRole } from '../protocol/roles.js';
import { insertAudit } from '../storage/audit.js';
import type { Database } from '../storage/schema.js';
import { revokeUserSessions } from '../storage/sessions.js';
import { countAdmins, lockUser, setPasswordHash, setUserRole, type UserRow } from '../storage/users.js';
import { forbidden } from './standing.js';

type Trx = Transaction<Database>;

export interface AdminUserInput {
  userId: number;
  action: AdminUserAction;
  role?: 'admin' | 'member' | undefined;
}

/** Who asks: a signed-in admin (by user id), or the admin CLI (null), which has the server's own authority. */
export type AdminActor = number | null;

export interface UpdatedUser {
  user_id: number;
  nickname: string;
  role: ServerRole;
}

/**
 * Admin actions on accounts, shared by the `admin_user` frame and the admin CLI. Each is one transaction:
 * the asker's role is read under a row lock (an admin demoted a moment ago elsewhere is refused), then the
 * target's, the change and its audit row are written; only after the commit do the other processes hear
 * of it. Every refusal is `forbidden` and changes nothing.
 */
export class AdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
  ) {}

  async updateUser(actorId: AdminActor, input: AdminUserInput, address: string | null): Promise<UpdatedUser> {
    const { user, oldRole, sessionIds } = await this.db.transaction().execute(async (trx) => {
      await requireAdmin(trx, actorId);
      const target = await lockUser(trx, input.userId);
      if (!target) throw forbidden('no such user');
      const role = nextRole(target, input, actorId);
      if (target.role === 'admin' && role !== 'admin' && (await countAdmins(trx)) <= 1) {
        throw forbidden('the last admin cannot be demoted or deactivated; make another admin first');
      }
      await setUserRole(trx, target.id, role);
      const sessionIds = role === 'deactivated' ? await revokeUserSessions(trx, target.id) : [];
      await insertAudit(trx, {
        actorId,
        action: AUDIT_ACTION[input.action],
        targetUserId: target.id,
        oldValue: target.role,
        newValue: role,
        address,
      });
      return { user: { ...target, role }, oldRole: target.role, sessionIds };
    });
    if (oldRole !== user.role) {
      await this.bus.publish({ type: 'user_role', userId: user.id, nickname: user.nickname, role: user.role, sessionIds });
    }
    return { user_id: user.id, nickname: user.nickname, role: user.role };
  }

  /** A new password (already hashed): every session of the account ends, as after a deactivation. */
  async resetPassword(actorId: AdminActor, userId: number, passwordHash: string, address: string | null): Promise<UpdatedUser> {
    const { user, sessionIds } = await this.db.transaction().execute(async (trx) => {
      await requireAdmin(trx, actorId);
      const user = await lockUser(trx, userId);
      if (!user) throw forbidden('no such user');
      await setPasswordHash(trx, user.id, passwordHash);
      const sessionIds = await revokeUserSessions(trx, user.id);
      await insertAudit(trx, { actorId, action: 'password_reset', targetUserId: user.id, address });
      return { user, sessionIds };
    });
    for (const sessionId of sessionIds) await this.bus.publish({ type: 'session_revoked', sessionId, userId: user.id });
    return { user_id: user.id, nickname: user.nickname, role: user.role };
  }
}

const AUDIT_ACTION: Record<AdminUserAction, string> = {
  deactivate: 'user_deactivated',
  reactivate: 'user_reactivated',
  set_role: 'role_changed',
};

async function requireAdmin(trx: Trx, actorId: AdminActor): Promise<void> {
  if (actorId === null) return;
  if ((await lockUser(trx, actorId))?.role !== 'admin') throw forbidden('only an admin can do this');
}

function nextRole(target: UserRow, input: AdminUserInput, actorId: AdminActor): ServerRole {
  if (target.id === actorId) throw forbidden('an admin does not change their own account; ask another admin');
  switch (input.action) {
    case 'deactivate':
      if (target.role === 'deactivated') throw forbidden('the account is already deactivated');
      return 'deactivated';
    case 'reactivate':
      if (target.role !== 'deactivated') throw forbidden('the account is not deactivated');
      return 'member';
    case 'set_role':
      if (input.role === undefined) throw forbidden('set_role needs role');
      if (target.role === 'deactivated') throw forbidden('reactivate the account first');
      if (target.role === input.role) throw forbidden(`the account is already ${input.role}`);
      return input.role;
  }
}
