import { useEffect } from 'preact/hooks';
import { AUDIT_ACTIONS } from '../../protocol/roles.js';
import { errorText } from '../error-text.js';
import { t } from '../i18n/translate.js';
import { isDirect } from '../rooms-store.js';
import { sameItems, useSelector, useSession } from '../use-chat.js';
import { AdminPagedTable } from './admin-paged-table.js';
import { AuditEntryRow } from './audit-entry-row.js';
import { FormError } from './form-error.js';

/**
 * The audit log, newest first: filtered by user (a name in the list, or a user's row in the Users tab),
 * room and action; "Older entries" pages on with `before_id`.
 */
export function AdminAuditTab() {
  const session = useSession();
  const audit = useSelector((state) => state.admin.audit);
  const rooms = useSelector((state) => state.rooms.filter((room) => !isDirect(room)), sameItems);
  const { filter } = audit;
  // Each time the tab is shown (unless the Users tab has just asked for one user's entries).
  useEffect(() => {
    if (audit.requestId === null) session.admin.filterAudit(filter);
  }, [session]);
  return (
    <div class="admin-tab">
      <div class="admin-filters">
        <div class="admin-filter-user">
          <span>{t('admin.audit.user')}</span>
          {filter.user ? (
            <button type="button" class="chip" onClick={() => session.admin.filterAudit({ ...filter, user: undefined })}>
              {filter.user.nickname} <span aria-hidden="true">×</span>
              <span class="visually-hidden">{t('admin.audit.anyone')}</span>
            </button>
          ) : (
            <span class="hint">{t('admin.audit.anyone')}</span>
          )}
        </div>
        <label>
          {t('admin.audit.room')}
          <select
            value={filter.roomId ?? ''}
            onChange={(event) => session.admin.filterAudit({ ...filter, roomId: Number(event.currentTarget.value) || undefined })}
          >
            <option value="">{t('admin.audit.anyRoom')}</option>
            {rooms.map((room) => (
              <option key={room.room_id} value={room.room_id}>
                {room.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.audit.action')}
          <select
            value={filter.action ?? ''}
            onChange={(event) => session.admin.filterAudit({ ...filter, action: event.currentTarget.value || undefined })}
          >
            <option value="">{t('admin.audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`audit.${action}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormError error={audit.error && errorText(audit.error, 'admin')} />
      <AdminPagedTable
        page={audit}
        tableClass="admin-audit"
        columns={[t('admin.audit.time'), t('admin.audit.actor'), t('admin.audit.action'), t('admin.audit.target'), t('admin.audit.change')]}
        emptyText={t('admin.audit.none')}
        moreText={t('admin.older')}
        onMore={() => session.admin.olderAudit()}
      >
        {audit.items.map((entry) => (
          <AuditEntryRow key={entry.id} entry={entry} onUser={(user) => session.admin.filterAudit({ ...filter, user })} />
        ))}
      </AdminPagedTable>
    </div>
  );
}
