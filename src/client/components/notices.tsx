import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';

/** Server `error` frames that answer nothing on screen, and other short news, shown briefly. */
export function Notices() {
  const session = useSession();
  const notices = useSelector((state) => state.notices);
  return (
    <div class="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <p key={notice.id} class="notice">
          <span>{notice.text}</span>
          <button type="button" class="link" aria-label={t('common.dismiss')} onClick={() => session.dismiss(notice.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
