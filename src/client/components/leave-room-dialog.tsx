import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';
import { ModalActions, type RoomDialogProps } from './modal-actions.js';

/** Asks first: leaving a private room or group conversation cannot be undone without a new invitation. */
export function LeaveRoomDialog({ room, state, session, onClose }: RoomDialogProps) {
  const { busy, error } = useForm('leave', state, session, onClose);
  const warning =
    room.kind === 'public' ? 'You can join it again from the room list.' : 'To come back, someone in it will have to invite you again.';
  return (
    <Modal title={`Leave ${room.name}?`} onClose={onClose}>
      <div class="modal-form">
        <p>{warning}</p>
        <FormError error={error} />
        <ModalActions
          onCancel={onClose}
          busy={busy}
          label="Leave"
          busyLabel="Leaving…"
          danger
          onConfirm={() => session.actions.leave(room.room_id)}
        />
      </div>
    </Modal>
  );
}
