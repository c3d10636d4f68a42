import { useEffect, useState } from 'preact/hooks';
import { SERVER_ROLES, type ServerRole, type UserInfo } from '../../protocol/roles.js';
import { errorText } from '../error-text.js';
import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';
import { AdminPagedTable } from './admin-paged-table.js';
import { AdminUserRow } from './admin-user-row.js';
import { DeactivateDialog } from './deactivate-dialog.js';
import { FormError } from './form-error.js';

/** Typing in the search waits this long for a pause before asking the server. */
const SEARCH_PAUSE_MS = 250;

/** Accounts: search by nickname, filter by role, page on with "More"; each row's actions go out as `admin_user`. */
export function AdminUsersTab({ onAudit }: { onAudit: (user: { user_id: number; nickname: string }) => void }) {
  const session = useSession();
  const users = useSelector((state) => state.admin.users);
  const userError = useSelector((state) => state.admin.userError);
  const [query, setQuery] = useState(users.query);
  const [confirming, setConfirming] = useState<UserInfo | null>(null);
  // Each time the tab is shown: the list as it is now.
  useEffect(() => session.admin.searchUsers(users.query, users.role), [session]);
  useEffect(() => {
    if (query === users.query) return;
    const timer = setTimeout(() => session.admin.searchUsers(query, users.role), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query, users.query, users.role, session]);
  return (
    <div class="admin-tab">
      <form
        class="admin-filters"
        onSubmit={(event) => {
          event.preventDefault();
          session.admin.searchUsers(query, users.role);
        }}
      >
        <label>
          {t('admin.users.search')}
          <input type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} data-autofocus />
        </label>
        <label>
          {t('admin.users.role')}
          <select
            value={users.role ?? ''}
            onChange={(event) => session.admin.searchUsers(query, (event.currentTarget.value || null) as ServerRole | null)}
          >
            <option value="">{t('admin.users.anyRole')}</option>
            {SERVER_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.role.${role}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <FormError error={userError && errorText(userError, 'admin')} />
      <FormError error={users.error && errorText(users.error, 'admin')} />
      <AdminPagedTable
        page={users}
        tableClass="admin-users"
        columns={[t('admin.users.nickname'), t('admin.users.role'), t('admin.users.created'), t('admin.users.actions')]}
        emptyText={t('admin.users.none')}
        moreText={t('admin.more')}
        onMore={() => session.admin.moreUsers()}
      >
        {users.items.map((user) => (
          <AdminUserRow key={user.user_id} user={user} onDeactivate={() => setConfirming(user)} onAudit={() => onAudit(user)} />
        ))}
      </AdminPagedTable>
      {confirming && <DeactivateDialog user={confirming} onClose={() => setConfirming(null)} />}
    </div>
  );
}
