import type { UserInfo } from '../../protocol/roles.js';
import { exactTime, relativeTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';

interface Props {
  user: UserInfo;
  onDeactivate: () => void;
  onAudit: () => void;
}

/** One account: nickname, role, created, and what an admin may change (never their own account: the server refuses). */
export function AdminUserRow({ user, onDeactivate, onAudit }: Props) {
  const session = useSession();
  const mine = useSelector((state) => state.user?.user_id === user.user_id);
  const busy = useSelector((state) => state.admin.busyUsers.includes(user.user_id));
  const change = (action: 'reactivate' | 'set_role', role?: 'admin' | 'member') => session.admin.changeUser(user.user_id, action, role);
  return (
    <tr data-user-id={user.user_id} data-role={user.role} aria-busy={busy}>
      <th scope="row">
        {user.nickname}
        {mine && <span class="tag">{t('admin.users.you')}</span>}
      </th>
      <td>
        <span class={`role-tag role-${user.role}`}>{t(`admin.role.${user.role}`)}</span>
      </td>
      <td>
        <time dateTime={user.created_at} title={exactTime(user.created_at)}>
          {relativeTime(user.created_at)}
        </time>
      </td>
      <td class="admin-actions">
        {!mine && user.role === 'deactivated' && (
          <button type="button" class="tool" disabled={busy} onClick={() => change('reactivate')}>
            {t('admin.users.reactivate')}
          </button>
        )}
        {!mine && user.role !== 'deactivated' && (
          <>
            <button
              type="button"
              class="tool"
              disabled={busy}
              onClick={() => change('set_role', user.role === 'admin' ? 'member' : 'admin')}
            >
              {user.role === 'admin' ? t('admin.users.makeMember') : t('admin.users.makeAdmin')}
            </button>
            <button type="button" class="tool danger-tool" disabled={busy} onClick={onDeactivate}>
              {t('admin.users.deactivate')}
            </button>
          </>
        )}
        <button type="button" class="link" aria-label={t('admin.users.audit', { name: user.nickname })} onClick={onAudit}>
          {t('admin.tab.audit')}
        </button>
      </td>
    </tr>
  );
}
