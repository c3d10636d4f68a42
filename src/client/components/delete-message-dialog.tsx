import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { focusComposer } from './message-editor.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

/** Asks first: a deleted message is gone from the server for everyone, and cannot be brought back. */
export function DeleteMessageDialog({ messageId, onClose }: { messageId: number; onClose: () => void }) {
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
            session.changes.remove(messageId);
            done();
          }}
        />
      </div>
    </Modal>
  );
}
