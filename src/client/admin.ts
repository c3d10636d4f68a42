import type { ClientPayload } from '../protocol/client-frames.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { ServerRole } from '../protocol/roles.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import { type AdminState, type AuditFilter, initialAdmin, pageFailed, receivePage, requestPage, updateUser } from './admin-store.js';
import type { Connection } from './connection.js';
import type { Store } from './store.js';

const PAGE = 50;

/**
 * The admin panel's requests and their answers: accounts (`admin_users`), their roles and deactivation
 * (`admin_user`), the audit log (`admin_audit`) and this server's numbers (`admin_stats`). The server checks
 * the asker is an admin every time; the page only hides the panel from everyone else.
 */
export class AdminConsole {
  /** `admin_user` requests in flight, by request id: the account each is about. */
  private readonly changing = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
  ) {}

  searchUsers(query: string, role: ServerRole | null): void {
    this.update((admin) => ({ ...admin, users: { ...admin.users, query, role } }));
    this.requestUsers(false);
  }

  moreUsers(): void {
    this.requestUsers(true);
  }

  changeUser(userId: number, action: ClientPayload<'admin_user'>['action'], role?: 'admin' | 'member'): void {
    const requestId = this.connection.nextRequestId();
    const payload = { request_id: requestId, user_id: userId, action, ...(role ? { role } : {}) };
    if (!this.online() || !this.connection.send('admin_user', payload)) {
      return this.update((admin) => ({ ...admin, userError: 'offline' }));
    }
    this.changing.set(requestId, userId);
    this.update((admin) => ({ ...admin, busyUsers: [...admin.busyUsers, userId], userError: null }));
  }

  filterAudit(filter: AuditFilter): void {
    this.update((admin) => ({ ...admin, audit: { ...admin.audit, filter } }));
    this.requestAudit(false);
  }

  olderAudit(): void {
    this.requestAudit(true);
  }

  loadStats(): void {
    const requestId = this.connection.nextRequestId();
    const sent = this.online() && this.connection.send('admin_stats', { request_id: requestId });
    this.update((admin) => ({ ...admin, stats: { ...admin.stats, requestId: sent ? requestId : null, error: sent ? null : 'offline' } }));
  }

  onUsers({ users, has_more, request_id }: ServerPayloads['admin_users']): void {
    this.update((admin) => ({ ...admin, users: receivePage(admin.users, request_id, users, has_more) }));
  }

  onAudit({ entries, has_more, request_id }: ServerPayloads['admin_audit']): void {
    this.update((admin) => ({ ...admin, audit: receivePage(admin.audit, request_id, entries, has_more) }));
  }

  onStats({ values, at, request_id }: ServerPayloads['admin_stats']): void {
    this.update((admin) =>
      request_id === admin.stats.requestId ? { ...admin, stats: { values, at, requestId: null, error: null } } : admin,
    );
  }

  /** An account's role changed: this panel's answer, or another admin's (or the CLI's) change told to its owner. */
  onUserUpdated(payload: ServerPayloads['user_updated']): void {
    if (payload.request_id !== undefined) this.changing.delete(payload.request_id);
    this.update((admin) => updateUser(admin, payload));
  }

  /** Returns whether the `error` answered one of the panel's requests; the panel shows it. */
  failed(requestId: string | undefined, code: ErrorCode): boolean {
    if (requestId === undefined) return false;
    const userId = this.changing.get(requestId);
    if (userId !== undefined) {
      this.changing.delete(requestId);
      this.update((admin) => ({ ...admin, busyUsers: admin.busyUsers.filter((id) => id !== userId), userError: code }));
      return true;
    }
    const { users, audit, stats } = this.store.get().admin;
    if (requestId === stats.requestId) this.update((admin) => ({ ...admin, stats: { ...admin.stats, requestId: null, error: code } }));
    else if (requestId === users.requestId) this.update((admin) => ({ ...admin, users: pageFailed(admin.users, requestId, code) }));
    else if (requestId === audit.requestId) this.update((admin) => ({ ...admin, audit: pageFailed(admin.audit, requestId, code) }));
    else return false;
    return true;
  }

  /** The socket is gone: what was asked will not be answered; the panel offers to ask again. */
  abandon(): void {
    this.changing.clear();
    this.update((admin) => ({
      ...admin,
      users: pageFailed(admin.users, admin.users.requestId ?? undefined, 'connection_lost'),
      audit: pageFailed(admin.audit, admin.audit.requestId ?? undefined, 'connection_lost'),
      stats: admin.stats.requestId ? { ...admin.stats, requestId: null, error: 'connection_lost' } : admin.stats,
      busyUsers: admin.busyUsers.length === 0 ? admin.busyUsers : [],
    }));
  }

  /** The panel closed: the next opening starts afresh. */
  reset(): void {
    this.changing.clear();
    this.update(() => initialAdmin);
  }

  private requestUsers(appending: boolean): void {
    const { users } = this.store.get().admin;
    const last = users.items.at(-1);
    const requestId = this.connection.nextRequestId();
    const payload = {
      request_id: requestId,
      limit: PAGE,
      ...(users.query.trim() ? { query: users.query.trim() } : {}),
      ...(users.role ? { role: users.role } : {}),
      ...(appending && last ? { after_id: last.user_id } : {}),
    };
    this.update((admin) => ({ ...admin, users: requestPage(admin.users, requestId, appending) }));
    if (!this.online() || !this.connection.send('admin_users', payload)) {
      this.update((admin) => ({ ...admin, users: pageFailed(admin.users, requestId, 'offline') }));
    }
  }

  private requestAudit(appending: boolean): void {
    const { audit } = this.store.get().admin;
    const last = audit.items.at(-1);
    const requestId = this.connection.nextRequestId();
    const { user, roomId, action } = audit.filter;
    const payload = {
      request_id: requestId,
      limit: PAGE,
      ...(user ? { user_id: user.user_id } : {}),
      ...(roomId ? { room_id: roomId } : {}),
      ...(action ? { action } : {}),
      ...(appending && last ? { before_id: last.id } : {}),
    };
    this.update((admin) => ({ ...admin, audit: requestPage(admin.audit, requestId, appending) }));
    if (!this.online() || !this.connection.send('admin_audit', payload)) {
      this.update((admin) => ({ ...admin, audit: pageFailed(admin.audit, requestId, 'offline') }));
    }
  }

  private online(): boolean {
    return this.store.get().status === 'signed-in';
  }

  private update(change: (admin: AdminState) => AdminState): void {
    this.store.update((state) => {
      const admin = change(state.admin);
      const same = (Object.keys(admin) as Array<keyof AdminState>).every((key) => admin[key] === state.admin[key]);
      return same ? state : { ...state, admin };
    });
  }
}
