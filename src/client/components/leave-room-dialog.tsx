import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions, type RoomDialogProps } from './modal-actions.js';

/** Asks first: leaving a private room or group conversation cannot be undone without a new invitation. */
export function LeaveRoomDialog({ room, onClose }: RoomDialogProps) {
  const session = useSession();
  const { busy, error } = useForm('leave', onClose);
  return (
    <Modal title={t('leave.title', { room: room.name })} onClose={onClose}>
      <div class="modal-form">
        <p>{room.kind === 'public' ? t('leave.publicHint') : t('leave.privateHint')}</p>
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label={t('leave.action')}
          busyLabel={t('leave.busy')}
          danger
          onConfirm={() => session.actions.leave(room.room_id)}
        />
      </div>
    </Modal>
  );
}
