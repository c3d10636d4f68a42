import { useState } from 'preact/hooks';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

/** A nickname opens the DM with that person; several, separated by commas, start a group conversation. */
export function ConversationDialog({ state, session, onClose }: { state: ChatState; session: ChatSession; onClose: () => void }) {
  const [text, setText] = useState('');
  const { busy, error } = useForm('conversation', state, session, onClose);
  const nicknames = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy && nicknames.length > 0) session.actions.startConversation(nicknames);
  };

  return (
    <Modal title="New direct message" onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <label>
          Nickname
          <input name="nickname" required autocomplete="off" value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </label>
        <p class="hint">Several nicknames, separated by commas, start a group conversation.</p>
        <FormError error={error} />
        <ModalActions onCancel={onClose} busy={busy} label="Start conversation" busyLabel="Opening…" disabled={nicknames.length === 0} />
      </form>
    </Modal>
  );
}
