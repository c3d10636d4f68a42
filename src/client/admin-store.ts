import type { AuditEntry, ServerRole, UserInfo } from '../protocol/roles.js';

/** The audit tab's filters: by user (actor or target), room and action; unset ones do not filter. */
export interface AuditFilter {
  user?: { user_id: number; nickname: string };
  roomId?: number;
  action?: string;
}

/** One paged list the admin panel shows: the request in flight (if any) and the refusal it met. */
export interface Paged<T> {
  items: T[];
  hasMore: boolean;
  /** The request whose answer is awaited; an answer to an older one (a filter changed since) is dropped. */
  requestId: string | null;
  /** Whether that request asks for the next page (appended) or the first (replacing). */
  appending: boolean;
  /** An error code, or null. */
  error: string | null;
}

export interface AdminState {
  users: Paged<UserInfo> & { query: string; role: ServerRole | null };
  audit: Paged<AuditEntry> & { filter: AuditFilter };
  stats: { values: Record<string, number> | null; at: string | null; requestId: string | null; error: string | null };
  /** Accounts with an `admin_user` request in flight (their buttons wait). */
  busyUsers: number[];
  /** The last `admin_user` refusal, shown above the list. */
  userError: string | null;
}

const emptyPage = { items: [], hasMore: false, requestId: null, appending: false, error: null };

export const initialAdmin: AdminState = {
  users: { ...emptyPage, query: '', role: null },
  audit: { ...emptyPage, filter: {} },
  stats: { values: null, at: null, requestId: null, error: null },
  busyUsers: [],
  userError: null,
};

/** A page arrived: the first replaces what is listed, a later one adds to it. Answers to stale requests change nothing. */
export function receivePage<T, P extends Paged<T>>(paged: P, requestId: string | undefined, items: T[], hasMore: boolean): P {
  if (requestId === undefined || requestId !== paged.requestId) return paged;
  return { ...paged, items: paged.appending ? [...paged.items, ...items] : items, hasMore, requestId: null, error: null };
}

/** A request for a page went out. */
export function requestPage<P extends Paged<unknown>>(paged: P, requestId: string, appending: boolean): P {
  return { ...paged, requestId, appending, error: null };
}

/** The request in flight failed (refused, or the connection dropped). */
export function pageFailed<P extends Paged<unknown>>(paged: P, requestId: string | undefined, error: string): P {
  return requestId !== undefined && requestId === paged.requestId ? { ...paged, requestId: null, error } : paged;
}

/** `user_updated`: the account's row shows its new role. */
export function updateUser(admin: AdminState, user: { user_id: number; role: ServerRole }): AdminState {
  const items = admin.users.items.map((item) => (item.user_id === user.user_id ? { ...item, role: user.role } : item));
  return {
    ...admin,
    users: { ...admin.users, items },
    busyUsers: admin.busyUsers.filter((id) => id !== user.user_id),
    userError: null,
  };
}
