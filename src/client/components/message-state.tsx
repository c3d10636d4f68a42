import { errorText } from '../error-text.js';
import { shortDateTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { mutedUntil } from '../moderation.js';
import type { PendingMessage } from '../store.js';
import { useSelector, useSession } from '../use-chat.js';

/** Why a refused message was refused: a moderator's mute says until when (from the member list), else the code in words. */
function useRefusal(roomId: number, code: string | undefined): string {
  const until = useSelector((state) => (code === 'forbidden' && state.user ? mutedUntil(state, roomId, state.user.user_id) : undefined));
  if (until === 'forever') return t('error.message.mutedForever');
  if (until !== undefined) return t('error.message.muted', { time: shortDateTime(until) });
  return errorText(code, 'message');
}

/** How a message typed here is going: sending, or not sent (why), with Retry and Discard. */
export function MessageState({ roomId, pending }: { roomId: number; pending: PendingMessage }) {
  const session = useSession();
  const why = useRefusal(roomId, pending.state === 'failed' ? pending.error : undefined);
  if (pending.state === 'sending') return <p class="message-state">{t('message.sending')}</p>;
  if (pending.state !== 'failed') return null;
  return (
    <p class="message-state failed" role="alert">
      {t('message.notSent', { why })}{' '}
      <button type="button" class="link" onClick={() => session.outbox.retry(pending.client_id)}>
        {t('message.retry')}
      </button>{' '}
      <button type="button" class="link" onClick={() => session.outbox.discard(pending.client_id)}>
        {t('message.discard')}
      </button>
    </p>
  );
}
