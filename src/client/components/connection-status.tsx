import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import type { ConnectionStatus as Status } from '../store.js';
import { useSelector, useSession } from '../use-chat.js';

/** A drop shorter than this (a server restart, a network blip) keeps showing the state before it. */
const GRACE_MS = 2_000;

function label(status: Status, signedIn: boolean, secondsLeft: number): string {
  switch (status) {
    case 'connecting':
      return t('status.connecting');
    case 'connected':
      return signedIn ? t('status.signingIn') : t('status.connected');
    case 'signed-in':
      return t('status.online');
    case 'reconnecting':
      if (!navigator.onLine) return t('status.offline');
      return secondsLeft > 0 ? t('status.retryingIn', { count: secondsLeft }) : t('status.reconnecting');
  }
}

/**
 * A dot and a word: green when signed in, amber while (re)connecting, red while waiting to retry,
 * with "Reconnect now" then. `data-status` is the real state at once; what is shown waits out short
 * drops, so the header does not flicker on a blip.
 */
export function ConnectionStatus({ signedIn }: { signedIn: boolean }) {
  const session = useSession();
  const status = useSelector((state) => state.status);
  const retryAt = useSelector((state) => state.retryAt);
  const [shown, setShown] = useState(status);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (status !== 'reconnecting' || shown === 'connecting') {
      setShown(status);
      return;
    }
    const timer = setTimeout(() => setShown(status), GRACE_MS);
    return () => clearTimeout(timer);
  }, [status, shown]);
  useEffect(() => {
    if (retryAt === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [retryAt]);

  const secondsLeft = retryAt === null ? 0 : Math.ceil((retryAt - now) / 1000);
  return (
    <div class={`status status-${shown}`} role="status" data-status={status}>
      <span class="status-dot" aria-hidden="true" />
      <span class="status-text">{label(shown, signedIn, secondsLeft)}</span>
      {shown === 'reconnecting' && secondsLeft > 0 && (
        <button type="button" class="link" onClick={() => session.reconnectNow()}>
          {t('status.reconnectNow')}
        </button>
      )}
    </div>
  );
}
