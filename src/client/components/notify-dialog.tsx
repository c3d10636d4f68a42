import { isMuted, MUTED_FOREVER, NOTIFY_LEVELS, type NotifyLevel } from '../../protocol/notifications.js';
import { exactTime } from '../format.js';
import { type MessageKey, t } from '../i18n/translate.js';
import { useSession } from '../use-chat.js';
import { Modal } from './modal.js';
import type { RoomDialogProps } from './modal-actions.js';

const LEVEL_KEYS: Record<NotifyLevel, MessageKey> = {
  all: 'notify.levelAll',
  mentions: 'notify.levelMentions',
  nothing: 'notify.levelNothing',
};

/** The mute choices: for an hour, for eight, or until unmuted by hand. */
const MUTES = [
  { key: 'notify.mute1h', hours: 1 },
  { key: 'notify.mute8h', hours: 8 },
  { key: 'notify.muteForever', hours: null },
] as const;

/**
 * A room's notification level and mute. Each choice goes to the server at once; what the dialog shows
 * is the server's answer (`room_notify`, to every tab of this person), so all tabs agree.
 */
export function NotifyDialog({ room, onClose }: RoomDialogProps) {
  const session = useSession();
  const muted = isMuted(room.muted_until, Date.now());
  const set = (change: { level?: NotifyLevel; muted_until?: string | null }) => session.actions.setNotify(room.room_id, change);
  return (
    <Modal title={t('notify.title', { room: room.name })} onClose={onClose}>
      <div class="modal-form">
        <fieldset class="choice">
          <legend>{t('notify.level')}</legend>
          {NOTIFY_LEVELS.map((level) => (
            <label key={level}>
              <input
                type="radio"
                name="notify-level"
                value={level}
                checked={room.notify_level === level}
                onChange={() => set({ level })}
                data-autofocus={room.notify_level === level ? true : undefined}
              />
              <span>{t(LEVEL_KEYS[level])}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="choice">
          <legend>{t('notify.mute')}</legend>
          <p class="notify-state" data-muted={muted ? room.muted_until : undefined}>
            {!muted
              ? t('notify.notMuted')
              : room.muted_until === MUTED_FOREVER
                ? t('notify.mutedForever')
                : t('notify.mutedUntil', { time: exactTime(room.muted_until ?? '') })}
          </p>
          <div class="notify-mutes">
            {MUTES.map(({ key, hours }) => (
              <button
                key={key}
                type="button"
                class="tool"
                onClick={() =>
                  set({ muted_until: hours === null ? MUTED_FOREVER : new Date(Date.now() + hours * 3_600_000).toISOString() })
                }
              >
                {t(key)}
              </button>
            ))}
            {muted && (
              <button type="button" class="tool" onClick={() => set({ muted_until: null })}>
                {t('notify.unmute')}
              </button>
            )}
          </div>
          <p class="hint">{t('notify.muteHint')}</p>
        </fieldset>
      </div>
    </Modal>
  );
}
