import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions, type RoomDialogProps } from './modal-actions.js';

/** Asks first: archiving stops everyone writing in the room (it stays readable); unarchiving lets them again. */
export function ArchiveRoomDialog({ room, onClose }: RoomDialogProps) {
  const session = useSession();
  const { busy, error } = useForm('archive', onClose);
  const archive = room.archived !== true;
  return (
    <Modal title={t(archive ? 'archive.title' : 'unarchive.title', { room: room.name })} onClose={onClose}>
      <div class="modal-form">
        <p>{t(archive ? 'archive.hint' : 'unarchive.hint')}</p>
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label={t(archive ? 'archive.action' : 'unarchive.action')}
          busyLabel={t('archive.busy')}
          danger={archive}
          onConfirm={() => session.actions.setArchived(room.room_id, archive)}
        />
      </div>
    </Modal>
  );
}
