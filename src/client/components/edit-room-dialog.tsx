import { useState } from 'preact/hooks';
import { ROOM_NAME_MAX_LENGTH, ROOM_TOPIC_MAX_LENGTH, type RoomSummary } from '../../protocol/rooms.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';

/** The owner renames the room or changes its topic; every member sees the change. */
export function EditRoomDialog({
  room,
  state,
  session,
  onClose,
}: {
  room: RoomSummary;
  state: ChatState;
  session: ChatSession;
  onClose: () => void;
}) {
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic);
  const { busy, error } = useForm('edit', state, session, onClose);
  const named = room.kind !== 'group';

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy) session.actions.update(room.room_id, name, topic);
  };

  return (
    <Modal title="Edit room" onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <label>
          Name
          <input
            name="name"
            required={named}
            maxLength={ROOM_NAME_MAX_LENGTH}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Topic
          <input name="topic" maxLength={ROOM_TOPIC_MAX_LENGTH} value={topic} onInput={(event) => setTopic(event.currentTarget.value)} />
        </label>
        <FormError error={error} />
        <div class="modal-actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy || (named && name.trim() === '')}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
