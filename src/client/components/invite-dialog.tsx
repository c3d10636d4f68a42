import { useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions, type RoomDialogProps } from './modal-actions.js';
import { NicknameField } from './nickname-field.js';

/** Adds someone to the room by nickname; they see it in their sidebar at once. */
export function InviteDialog({ room, onClose }: RoomDialogProps) {
  const session = useSession();
  const [nickname, setNickname] = useState('');
  const { busy, error } = useForm('invite', onClose);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy && nickname.trim() !== '') session.actions.invite(room.room_id, nickname.trim());
  };

  return (
    <Modal title={t('invite.title', { room: room.name })} onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <NicknameField value={nickname} onInput={setNickname} />
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label={t('invite.action')}
          busyLabel={t('invite.busy')}
          disabled={nickname.trim() === ''}
        />
      </form>
    </Modal>
  );
}
