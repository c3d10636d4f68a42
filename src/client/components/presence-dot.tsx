import { t } from '../i18n/translate.js';
import { useSelector } from '../use-chat.js';

/** Green while online, grey while offline; the word is there for screen readers. Re-renders alone on `presence`. */
export function PresenceDot({ userId }: { userId: number }) {
  const online = useSelector((state) => state.presence[userId] ?? false);
  const word = online ? t('presence.online') : t('presence.offline');
  return (
    <span class={online ? 'presence-dot online' : 'presence-dot'} data-online={online} title={word}>
      <span class="visually-hidden">{word}</span>
    </span>
  );
}
