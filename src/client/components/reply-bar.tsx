import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';
import { focusComposer } from './message-editor.js';

/** Above the composer while it answers a message: "Replying to …" with the quote and a cancel button. */
export function ReplyBar({ roomId }: { roomId: number }) {
  const session = useSession();
  const reply = useSelector((state) => state.replies[roomId]);
  if (!reply) return null;
  return (
    <div class="reply-bar">
      <span class="reply-bar-text">
        <strong>{t('reply.replyingTo', { name: reply.nickname })}</strong> <span class="reply-bar-preview">{reply.preview}</span>
      </span>
      <button
        type="button"
        class="icon-button"
        aria-label={t('reply.cancel')}
        title={t('reply.cancel')}
        onClick={() => {
          session.changes.cancelReply(roomId);
          focusComposer();
        }}
      >
        ×
      </button>
    </div>
  );
}
