import { useState } from 'preact/hooks';
import { ROOM_NAME_MAX_LENGTH, ROOM_TOPIC_MAX_LENGTH } from '../../protocol/rooms.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

/** Public or private, a name and an optional topic; the new room opens once the server has it. */
export function CreateRoomDialog({ state, session, onClose }: { state: ChatState; session: ChatSession; onClose: () => void }) {
  const [kind, setKind] = useState<'public' | 'private'>('public');
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const { busy, error } = useForm('create', state, session, onClose);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy) session.actions.createRoom(kind, name, topic);
  };

  return (
    <Modal title="Create a room" onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <fieldset class="choice">
          <legend>Who can find it</legend>
          <label>
            <input type="radio" name="kind" value="public" checked={kind === 'public'} onChange={() => setKind('public')} />
            <span>
              <strong>Public</strong> Anyone can find and join it.
            </span>
          </label>
          <label>
            <input type="radio" name="kind" value="private" checked={kind === 'private'} onChange={() => setKind('private')} />
            <span>
              <strong>Private</strong> Only people you invite can see it.
            </span>
          </label>
        </fieldset>
        <label>
          Name
          <input
            name="name"
            required
            maxLength={ROOM_NAME_MAX_LENGTH}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder="e.g. design"
          />
        </label>
        <label>
          Topic <span class="optional">(optional)</span>
          <input name="topic" maxLength={ROOM_TOPIC_MAX_LENGTH} value={topic} onInput={(event) => setTopic(event.currentTarget.value)} />
        </label>
        <FormError error={error} />
        <ModalActions onCancel={onClose} busy={busy} label="Create room" busyLabel="Creating…" disabled={name.trim() === ''} />
      </form>
    </Modal>
  );
}
