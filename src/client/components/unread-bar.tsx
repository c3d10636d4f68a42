import { t } from '../i18n/translate.js';

/** "N new messages" above the list until the divider has been seen; jumps there (loading it if need be). */
export function UnreadBar({ count, onJump, onDismiss }: { count: number; onJump: () => void; onDismiss: () => void }) {
  return (
    <div class="pill unread-bar">
      <button type="button" class="unread-jump" onClick={onJump}>
        {count > 0 ? t('unread.count', { count }) : t('unread.some')} · {t('unread.jump')}
      </button>
      <button type="button" class="unread-dismiss" aria-label={t('common.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
