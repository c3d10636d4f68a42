import type { UserInfo } from '../../protocol/roles.js';
import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

/** Asks first: deactivating ends every session of the account at once. Its row shows the answer (`user_updated`). */
export function DeactivateDialog({ user, onClose }: { user: UserInfo; onClose: () => void }) {
  const session = useSession();
  return (
    <Modal title={t('admin.deactivate.title', { name: user.nickname })} onClose={onClose}>
      <div class="modal-form">
        <p>{t('admin.deactivate.hint')}</p>
        <ModalActions
          onCancel={onClose}
          busy={false}
          label={t('admin.users.deactivate')}
          busyLabel={t('admin.users.deactivate')}
          danger
          onConfirm={() => {
            session.admin.changeUser(user.user_id, 'deactivate');
            onClose();
          }}
        />
      </div>
    </Modal>
  );
}
