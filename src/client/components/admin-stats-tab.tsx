import { useEffect } from 'preact/hooks';
import { STAT_ROWS } from '../admin-stats.js';
import { errorText } from '../error-text.js';
import { exactTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';
import { FormError } from './form-error.js';

/** Read again this often while the tab is shown: the numbers move with the traffic. */
const REFRESH_MS = 5_000;

/** This server process's numbers, from the registry GET /metrics serves (`admin_stats`). */
export function AdminStatsTab() {
  const session = useSession();
  const stats = useSelector((state) => state.admin.stats);
  useEffect(() => {
    session.admin.loadStats();
    const timer = setInterval(() => session.admin.loadStats(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [session]);
  const values = stats.values;
  return (
    <div class="admin-tab">
      <p class="hint">{t('admin.stats.hint')}</p>
      <FormError error={stats.error && errorText(stats.error, 'admin')} />
      {values === null ? (
        <p class="hint">{t('common.loading')}</p>
      ) : (
        <dl class="admin-stats">
          {STAT_ROWS.map((row) => {
            const value = row.read(values);
            return (
              value !== null && (
                <div key={row.key} class="admin-stat">
                  <dt>{t(row.key)}</dt>
                  <dd>{value}</dd>
                </div>
              )
            );
          })}
        </dl>
      )}
      <div class="admin-footer">
        {stats.at && <span class="hint">{t('admin.stats.at', { time: exactTime(stats.at) })}</span>}
        <button type="button" class="secondary" disabled={stats.requestId !== null} onClick={() => session.admin.loadStats()}>
          {t('admin.refresh')}
        </button>
      </div>
    </div>
  );
}
