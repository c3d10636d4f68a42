import { useEffect, useState } from 'preact/hooks';
import type { ChatSession } from '../session.js';
import type { ChatState } from '../store.js';
import { useForm } from '../use-form.js';
import { FormError } from './form-error.js';
import { Modal } from './modal.js';

/** The public rooms (`room_directory`), with Join, or Open for those already joined. Private rooms are never listed. */
export function BrowseRoomsDialog({ state, session, onClose }: { state: ChatState; session: ChatSession; onClose: () => void }) {
  const [filter, setFilter] = useState('');
  const { busy, error, target } = useForm('join', state, session, onClose);
  useEffect(() => {
    if (state.status === 'signed-in') session.actions.loadDirectory();
  }, [session, state.status]);

  const needle = filter.trim().toLocaleLowerCase();
  const rooms = (state.directory ?? []).filter(
    (room) => needle === '' || room.name.toLocaleLowerCase().includes(needle) || room.topic.toLocaleLowerCase().includes(needle),
  );
  const open = (roomId: number) => {
    session.rooms.open(roomId);
    onClose();
  };

  return (
    <Modal title="Browse rooms" onClose={onClose}>
      <div class="modal-form">
        <label>
          Find a room
          <input type="search" name="filter" value={filter} onInput={(event) => setFilter(event.currentTarget.value)} />
        </label>
        {state.directory === null ? (
          <p class="hint">Loading…</p>
        ) : rooms.length === 0 ? (
          <p class="hint">{needle ? 'No room matches.' : 'No public rooms yet.'}</p>
        ) : (
          <ul class="directory" aria-label="Public rooms">
            {rooms.map((room) => (
              <li key={room.room_id} class="directory-entry" data-room-id={room.room_id}>
                <div class="directory-text">
                  <span class="directory-name"># {room.name}</span>
                  {room.topic && <span class="directory-topic">{room.topic}</span>}
                  <span class="directory-count">
                    {room.member_count} {room.member_count === 1 ? 'member' : 'members'}
                  </span>
                  {target === room.room_id && <FormError error={error} />}
                </div>
                {room.joined ? (
                  <button type="button" class="secondary" aria-label={`Open ${room.name}`} onClick={() => open(room.room_id)}>
                    Open
                  </button>
                ) : (
                  <button
                    type="button"
                    class="primary"
                    aria-label={`Join ${room.name}`}
                    disabled={busy}
                    onClick={() => session.actions.join(room.room_id)}
                  >
                    {busy && target === room.room_id ? 'Joining…' : 'Join'}
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
