import { useEffect, useState } from 'preact/hooks';
import { NOTIFICATION_ICON } from '../desktop-notifier.js';
import { type MessageKey, t } from '../i18n/translate.js';
import { PushDevice } from '../push-device.js';
import { useSession } from '../use-chat.js';
import { useNotificationPermission } from '../use-notification-permission.js';

const STATE_KEYS: Record<NotificationPermission | 'unsupported', MessageKey> = {
  granted: 'desktop.on',
  default: 'desktop.off',
  denied: 'desktop.blocked',
  unsupported: 'desktop.unsupported',
};

/** Shows a sample, from the service worker when there is one (the only way on Android), else from the page. */
async function testNotification(): Promise<void> {
  const title = t('desktop.testTitle');
  const options = { body: t('desktop.testBody'), icon: NOTIFICATION_ICON, tag: 'test' };
  const registration = await navigator.serviceWorker?.getRegistration();
  if (registration) await registration.showNotification(title, options);
  else new Notification(title, options);
}

type PushState = 'unsupported' | 'off' | 'on' | 'busy' | 'failed';

/** The Web Push switch: notifications on this device while no tab of the chat is open. */
function PushSwitch({ onPermission }: { onPermission: () => Promise<void> }) {
  const session = useSession();
  const [state, setState] = useState<PushState>(PushDevice.supported() ? 'busy' : 'unsupported');
  useEffect(() => {
    if (!PushDevice.supported()) return;
    session.push.subscribed().then(
      (on) => setState(on ? 'on' : 'off'),
      () => setState('off'),
    );
  }, [session]);
  const change = async (on: boolean) => {
    setState('busy');
    try {
      if (on) {
        await onPermission();
        await session.push.subscribe();
      } else {
        await session.push.unsubscribe();
      }
      setState(on ? 'on' : 'off');
    } catch {
      setState('failed');
    }
  };
  if (state === 'unsupported') return <p class="hint">{t('push.unsupported')}</p>;
  return (
    <>
      <label>
        <input
          type="checkbox"
          checked={state === 'on'}
          disabled={state === 'busy'}
          onChange={(event) => void change(event.currentTarget.checked)}
        />
        <span>{t('push.switch')}</span>
      </label>
      {state === 'failed' && <p class="form-error">{t('push.failed')}</p>}
      <p class="hint">{t('push.hint')}</p>
    </>
  );
}

/** Settings → Notifications: this browser's permission, a button to ask for it (a user gesture), a test, push. */
export function NotificationSettings() {
  const [permission, ask] = useNotificationPermission();
  return (
    <fieldset class="choice notification-settings">
      <legend>{t('settings.notifications')}</legend>
      <p class="notify-state" data-permission={permission}>
        {t(STATE_KEYS[permission])}
      </p>
      <div class="notify-mutes">
        {permission === 'default' && (
          <button type="button" class="tool" onClick={() => void ask()}>
            {t('desktop.enable')}
          </button>
        )}
        {permission === 'granted' && (
          <button type="button" class="tool" onClick={() => void testNotification().catch(() => {})}>
            {t('desktop.test')}
          </button>
        )}
      </div>
      {permission !== 'denied' && permission !== 'unsupported' && <PushSwitch onPermission={ask} />}
    </fieldset>
  );
}
