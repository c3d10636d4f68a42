import { useEffect, useState } from 'preact/hooks';
import type { ConnectionStatus } from '../store.js';

function label(status: ConnectionStatus, signedIn: boolean, secondsLeft: number): string {
  switch (status) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return signedIn ? 'Signing in…' : 'Connected';
    case 'signed-in':
      return 'Online';
    case 'reconnecting':
      return secondsLeft > 0 ? `Offline, retrying in ${secondsLeft} s` : 'Reconnecting…';
  }
}

/** A dot and a word: green when signed in, amber while (re)connecting, red while waiting to retry. */
interface Props {
  status: ConnectionStatus;
  retryAt: number | null;
  signedIn: boolean;
  onReconnect: () => void;
}

export function StatusIndicator({ status, retryAt, signedIn, onReconnect }: Props) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (retryAt === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [retryAt]);
  const secondsLeft = retryAt === null ? 0 : Math.ceil((retryAt - now) / 1000);
  return (
    <p class={`status status-${status}`} role="status" data-status={status}>
      <span class="status-dot" aria-hidden="true" />
      {label(status, signedIn, secondsLeft)}
      {status === 'reconnecting' && secondsLeft > 0 && (
        <button type="button" class="link" onClick={onReconnect}>
          Reconnect now
        </button>
      )}
    </p>
  );
}
