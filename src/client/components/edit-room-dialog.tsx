import { useState } from 'preact/hooks';
import { ROOM_NAME_MAX_LENGTH, ROOM_TOPIC_MAX_LENGTH } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions, type RoomDialogProps } from './modal-actions.js';

/** The owner renames the room or changes its topic; every member sees the change. */
export function EditRoomDialog({ room, onClose }: RoomDialogProps) {
  const session = useSession();
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic);
  const { busy, error } = useForm('edit', onClose);
  const named = room.kind !== 'group';

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy) session.actions.update(room.room_id, name, topic);
  };

  return (
    <Modal title={t('edit.title')} onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <label>
          {t('create.name')}
          <input
            name="name"
            data-autofocus
            required={named}
            maxLength={ROOM_NAME_MAX_LENGTH}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('create.topic')}
          <input name="topic" maxLength={ROOM_TOPIC_MAX_LENGTH} value={topic} onInput={(event) => setTopic(event.currentTarget.value)} />
        </label>
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label={t('edit.save')}
          busyLabel={t('edit.busy')}
          disabled={named && name.trim() === ''}
        />
      </form>
    </Modal>
  );
}
