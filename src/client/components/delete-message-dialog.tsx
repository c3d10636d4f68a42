import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { focusComposer } from './message-editor.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

/** Asks first: a deleted message is gone from the server for everyone, and cannot be brought back. */
/** `moderating`: someone else's message in a room the person moderates, removed as a moderation action. */
export function DeleteMessageDialog({
  messageId,
  moderating,
  onClose,
}: {
  messageId: number;
  moderating?: { roomId: number };
  onClose: () => void;
}) {
  const session = useSession();
  // Once the dialog is gone: while it is open the page behind it is inert and cannot take focus.
  const done = () => {
    onClose();
    setTimeout(focusComposer, 0);
  };
  return (
    <Modal title={t('message.deleteTitle')} onClose={done}>
      <div class="modal-form">
        <p>{t('message.deleteHint')}</p>
        <ModalActions
          onCancel={done}
          busy={false}
          label={t('message.delete')}
          busyLabel={t('message.delete')}
          danger
          onConfirm={() => {
            if (moderating) session.moderation.deleteMessage(moderating.roomId, messageId);
            else session.changes.remove(messageId);
            done();
          }}
        />
      </div>
    </Modal>
  );
}
