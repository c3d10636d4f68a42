import type { ReplyPreview } from '../../protocol/message.js';
import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';

/**
 * The message a reply answers, drawn from the preview the server put in the reply (no request): a
 * button that shows the original in place, its history loaded around it, highlighted.
 */
export function ReplyQuote({ roomId, quote }: { roomId: number; quote: ReplyPreview }) {
  const session = useSession();
  const text = quote.deleted ? t('reply.deleted') : quote.preview;
  return (
    <button
      type="button"
      class={quote.deleted ? 'reply-quote deleted' : 'reply-quote'}
      data-reply-to={quote.message_id}
      aria-label={t('reply.quote', { name: quote.nickname, text })}
      onClick={() => session.rooms.showMessage(roomId, quote.message_id)}
    >
      <span class="reply-quote-author">{quote.nickname}</span>
      <span class="reply-quote-text">{text}</span>
    </button>
  );
}
