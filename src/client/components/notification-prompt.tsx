import { useState } from 'preact/hooks';
import { readStored, writeStored } from '../browser-storage.js';
import { t } from '../i18n/translate.js';
import { useNotificationPermission } from '../use-notification-permission.js';

const DISMISSED = 'notification-prompt-dismissed';

/** A bar offering desktop notifications until the person answers it once ("Not now" is remembered). */
export function NotificationPrompt() {
  const [permission, ask] = useNotificationPermission();
  const [dismissed, setDismissed] = useState(readStored(DISMISSED) === true);
  if (permission !== 'default' || dismissed) return null;
  return (
    <section class="prompt-bar" aria-label={t('settings.notifications')}>
      <span>{t('desktop.prompt')}</span>
      <button type="button" class="tool primary" onClick={() => void ask()}>
        {t('desktop.enable')}
      </button>
      <button
        type="button"
        class="tool"
        onClick={() => {
          writeStored(DISMISSED, true);
          setDismissed(true);
        }}
      >
        {t('desktop.notNow')}
      </button>
    </section>
  );
}
