import { exactTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';
import { Modal } from './modal.js';

interface Props {
  /** The message's text now, shown last. */
  current: string;
  editedAt: string | null | undefined;
  onClose: () => void;
}

/** "Show edits": what one of my messages said before each edit, oldest first, then what it says now. */
export function MessageVersionsDialog({ current, editedAt, onClose }: Props) {
  const session = useSession();
  const versions = useSelector((state) => state.versions);
  const close = () => {
    session.changes.closeVersions();
    onClose();
  };
  if (versions === null) return null;
  return (
    <Modal title={t('message.versionsTitle')} onClose={close}>
      <div class="modal-form">
        {versions.items === null ? (
          <p class="hint" role="status">
            {t('message.versionsLoading')}
          </p>
        ) : (
          <ol class="message-versions">
            {versions.items.map((version, index) => (
              // Versions never reorder or change: their position is their identity.
              <li key={index}>
                <time dateTime={version.datetime}>{exactTime(version.datetime)}</time>
                <p class="message-text">{version.content}</p>
              </li>
            ))}
            <li class="current">
              <span>{editedAt ? t('message.versionNow', { time: exactTime(editedAt) }) : ''}</span>
              <p class="message-text">{current}</p>
            </li>
          </ol>
        )}
      </div>
    </Modal>
  );
}
