import type { RoomSummary } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';

/** What every dialog about one room is given. */
export interface RoomDialogProps {
  room: RoomSummary;
  onClose: () => void;
}

interface ModalActionsProps {
  onCancel: () => void;
  busy: boolean;
  /** The confirm button's label, and its label while the request is under way. */
  label: string;
  busyLabel: string;
  disabled?: boolean;
  danger?: boolean;
  /** Without it the confirm button submits the surrounding form. */
  onConfirm?: () => void;
}

/** Cancel and confirm, the same in every dialog. */
export function ModalActions({ onCancel, busy, label, busyLabel, disabled = false, danger = false, onConfirm }: ModalActionsProps) {
  return (
    <div class="modal-actions">
      <button type="button" class="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type={onConfirm ? 'button' : 'submit'} class={danger ? 'danger' : 'primary'} disabled={busy || disabled} onClick={onConfirm}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
