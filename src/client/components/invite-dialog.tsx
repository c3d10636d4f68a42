import { useState } from 'preact/hooks';
import type { RoomSummary } from '../../protocol/rooms.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';

/** Adds someone to the room by nickname; they see it in their sidebar at once. */
export function InviteDialog({
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
  const [nickname, setNickname] = useState('');
  const { busy, error } = useForm('invite', state, session, onClose);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy && nickname.trim() !== '') session.actions.invite(room.room_id, nickname.trim());
  };

  return (
    <Modal title={`Invite to ${room.name}`} onClose={onClose}>
      <form class="modal-form" onSubmit={submit} aria-busy={busy}>
        <label>
          Nickname
          <input name="nickname" required autocomplete="off" value={nickname} onInput={(event) => setNickname(event.currentTarget.value)} />
        </label>
        <FormError error={error} />
        <div class="modal-actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy || nickname.trim() === ''}>
            {busy ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
