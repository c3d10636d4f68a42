import { useEffect, useId, useState } from 'preact/hooks';
import { type MessageKey, t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';
import { AdminAuditTab } from './admin-audit-tab.js';
import { AdminStatsTab } from './admin-stats-tab.js';
import { AdminUsersTab } from './admin-users-tab.js';
import { Modal } from './modal.js';

type Tab = 'users' | 'audit' | 'stats';
const TABS: Array<{ tab: Tab; key: MessageKey }> = [
  { tab: 'users', key: 'admin.tab.users' },
  { tab: 'audit', key: 'admin.tab.audit' },
  { tab: 'stats', key: 'admin.tab.stats' },
];

/**
 * The admin panel (server admins only: the sidebar offers it to them, and the server refuses anyone else):
 * accounts, the audit log and this server's numbers, one tab each. Closing it forgets what it loaded.
 */
export function AdminPanel({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const [tab, setTab] = useState<Tab>('users');
  const ids = useId();
  const admin = useSelector((state) => state.serverRole === 'admin');
  useEffect(() => () => session.admin.reset(), [session]);
  // No longer an admin (another admin, or the CLI, changed it): the panel goes.
  useEffect(() => {
    if (!admin) onClose();
  }, [admin, onClose]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = TABS.findIndex((item) => item.tab === tab);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] as (typeof TABS)[number];
    setTab(next.tab);
    document.getElementById(`${ids}-${next.tab}`)?.focus();
  };
  return (
    <Modal title={t('admin.title')} onClose={onClose} wide>
      <div class="admin">
        <div class="tabs admin-tabs" role="tablist" aria-label={t('admin.sections')} onKeyDown={onKeyDown}>
          {TABS.map((item) => (
            <button
              key={item.tab}
              id={`${ids}-${item.tab}`}
              type="button"
              role="tab"
              aria-selected={tab === item.tab}
              aria-controls={`${ids}-panel`}
              tabIndex={tab === item.tab ? 0 : -1}
              class={tab === item.tab ? 'tab active' : 'tab'}
              onClick={() => setTab(item.tab)}
            >
              {t(item.key)}
            </button>
          ))}
        </div>
        <div id={`${ids}-panel`} role="tabpanel" class="admin-body" aria-labelledby={`${ids}-${tab}`}>
          {tab === 'users' && (
            <AdminUsersTab
              onAudit={(user) => {
                session.admin.filterAudit({ user });
                setTab('audit');
              }}
            />
          )}
          {tab === 'audit' && <AdminAuditTab />}
          {tab === 'stats' && <AdminStatsTab />}
        </div>
      </div>
    </Modal>
  );
}
