import { useState } from 'preact/hooks';
import { type MessageKey, t } from '../i18n/translate.js';
import { MUTE_CHOICES, type MuteChoice } from '../moderation-actions.js';
import { useSession } from '../use-chat.js';
import { Modal } from './modal.js';
import { ModalActions } from './modal-actions.js';

const CHOICE_KEYS: Record<string, MessageKey> = {
  600000: 'mute.600000',
  3600000: 'mute.3600000',
  86400000: 'mute.86400000',
  forever: 'mute.forever',
};

/** A moderator mutes a member of the room for a while, or until unmuted (`moderate {action: mute}`). */
export function MuteDialog({
  roomId,
  user,
  onClose,
}: {
  roomId: number;
  user: { user_id: number; nickname: string };
  onClose: () => void;
}) {
  const session = useSession();
  const [lasting, setLasting] = useState<MuteChoice>(MUTE_CHOICES[1]);
  return (
    <Modal title={t('mute.title', { name: user.nickname })} onClose={onClose}>
      <div class="modal-form">
        <p>{t('mute.hint')}</p>
        <fieldset class="choice">
          <legend>{t('mute.length')}</legend>
          {MUTE_CHOICES.map((choice) => (
            <label key={String(choice)}>
              <input
                type="radio"
                name="mute-length"
                checked={lasting === choice}
                onChange={() => setLasting(choice)}
                data-autofocus={lasting === choice ? true : undefined}
              />
              <span>{t(CHOICE_KEYS[String(choice ?? 'forever')] as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
        <ModalActions
          onCancel={onClose}
          busy={false}
          label={t('mute.action')}
          busyLabel={t('mute.action')}
          danger
          onConfirm={() => {
            session.moderation.mute(roomId, user.user_id, lasting);
            onClose();
          }}
        />
      </div>
    </Modal>
  );
}
