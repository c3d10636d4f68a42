import type { RoomSummary } from '../../protocol/rooms.js';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';

/** Asks first: leaving a private room or group conversation cannot be undone without a new invitation. */
export function LeaveRoomDialog({
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
  const { busy, error } = useForm('leave', state, session, onClose);
  const warning =
    room.kind === 'public' ? 'You can join it again from the room list.' : 'To come back, someone in it will have to invite you again.';
  return (
    <Modal title={`Leave ${room.name}?`} onClose={onClose}>
      <div class="modal-form">
        <p>{warning}</p>
        <FormError error={error} />
        <div class="modal-actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => session.actions.leave(room.room_id)}>
            {busy ? 'Leaving…' : 'Leave'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
