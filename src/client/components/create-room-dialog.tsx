import { useState } from 'preact/hooks';
import { ROOM_NAME_MAX_LENGTH, ROOM_TOPIC_MAX_LENGTH } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

/** Public or private, a name and an optional topic; the new room opens once the server has it. */
export function CreateRoomDialog({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const [kind, setKind] = useState<'public' | 'private'>('public');
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const { busy, error } = useForm('create', onClose);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy) session.actions.createRoom(kind, name, topic);
  };

  return (
    <Modal title={t('create.title')} onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <fieldset class="choice">
          <legend>{t('create.who')}</legend>
          <label>
            <input type="radio" name="kind" value="public" checked={kind === 'public'} onChange={() => setKind('public')} />
            <span>
              <strong>{t('create.public')}</strong> {t('create.publicHint')}
            </span>
          </label>
          <label>
            <input type="radio" name="kind" value="private" checked={kind === 'private'} onChange={() => setKind('private')} />
            <span>
              <strong>{t('create.private')}</strong> {t('create.privateHint')}
            </span>
          </label>
        </fieldset>
        <label>
          {t('create.name')}
          <input
            name="name"
            data-autofocus
            required
            maxLength={ROOM_NAME_MAX_LENGTH}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder={t('create.namePlaceholder')}
          />
        </label>
        <label>
          {t('create.topic')} <span class="optional">{t('common.optional')}</span>
          <input name="topic" maxLength={ROOM_TOPIC_MAX_LENGTH} value={topic} onInput={(event) => setTopic(event.currentTarget.value)} />
        </label>
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label={t('create.submit')}
          busyLabel={t('create.busy')}
          disabled={name.trim() === ''}
        />
      </form>
    </Modal>
  );
}
