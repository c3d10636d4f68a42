import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { useSelector, useSession } from '../use-chat.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';

interface Props {
  onClose: () => void;
  onOpenRoom: (roomId: number) => void;
}

/** The public rooms (`room_directory`), with Join, or Open for those already joined. Private rooms are never listed. */
export function BrowseRoomsDialog({ onClose, onOpenRoom }: Props) {
  const session = useSession();
  const [filter, setFilter] = useState('');
  const directory = useSelector((state) => state.directory);
  const signedIn = useSelector((state) => state.status === 'signed-in');
  const { busy, error, target } = useForm('join', onClose);
  useEffect(() => {
    if (signedIn) session.actions.loadDirectory();
  }, [session, signedIn]);

  const needle = filter.trim().toLocaleLowerCase();
  const rooms = (directory ?? []).filter(
    (room) => needle === '' || room.name.toLocaleLowerCase().includes(needle) || room.topic.toLocaleLowerCase().includes(needle),
  );
  const open = (roomId: number) => {
    onClose();
    onOpenRoom(roomId);
  };

  return (
    <Modal title={t('browse.title')} onClose={onClose}>
      <div class="modal-form">
        <label>
          {t('browse.find')}
          <input type="search" name="filter" data-autofocus value={filter} onInput={(event) => setFilter(event.currentTarget.value)} />
        </label>
        {directory === null ? (
          <p class="hint">{t('common.loading')}</p>
        ) : rooms.length === 0 ? (
          <p class="hint">{needle ? t('browse.noMatch') : t('browse.none')}</p>
        ) : (
          <ul class="directory" aria-label={t('browse.list')}>
            {rooms.map((room) => (
              <li key={room.room_id} class="directory-entry" data-room-id={room.room_id}>
                <div class="directory-text">
                  <span class="directory-name"># {room.name}</span>
                  {room.topic && <span class="directory-topic">{room.topic}</span>}
                  <span class="directory-count">{t('room.memberCount', { count: room.member_count })}</span>
                  {target === room.room_id && <FormError error={error} />}
                </div>
                {room.joined ? (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={t('browse.openRoom', { room: room.name })}
                    onClick={() => open(room.room_id)}
                  >
                    {t('browse.open')}
                  </button>
                ) : (
                  <button
                    type="button"
                    class="primary"
                    aria-label={t('browse.joinRoom', { room: room.name })}
                    disabled={busy}
                    onClick={() => session.actions.join(room.room_id)}
                  >
                    {busy && target === room.room_id ? t('browse.joining') : t('browse.join')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}
