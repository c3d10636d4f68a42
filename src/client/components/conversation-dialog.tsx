import { useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';
import { NicknameField } from './nickname-field.js';

/** A nickname opens the DM with that person; several, separated by commas, start a group conversation. */
export function ConversationDialog({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const [text, setText] = useState('');
  const { busy, error } = useForm('conversation', onClose);
  const nicknames = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy && nicknames.length > 0) session.actions.startConversation(nicknames);
  };

  return (
    <Modal title={t('conversation.title')} onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <NicknameField value={text} onInput={setText} />
        <p class="hint">{t('conversation.hint')}</p>
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label={t('conversation.start')}
          busyLabel={t('conversation.busy')}
          disabled={nicknames.length === 0}
        />
      </form>
    </Modal>
  );
}
