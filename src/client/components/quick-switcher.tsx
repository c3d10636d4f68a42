import { useId, useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { sidebarSections } from '../rooms-store.js';
import { useSelector } from '../use-chat.js';
import { Modal } from './modal.js';
import { RoomIcon } from './room-icon.js';

interface Props {
  onClose: () => void;
  onOpenRoom: (roomId: number) => void;
  onSearch: (query: string) => void;
}

/**
 * Ctrl+K / Cmd+K: type part of a room's or person's name, ↑/↓ to pick, Enter to go there. The last
 * option searches the messages for what was typed, so one shortcut reaches both.
 */
export function QuickSwitcher({ onClose, onOpenRoom, onSearch }: Props) {
  const rooms = useSelector((state) => state.rooms);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const listId = useId();
  const needle = query.trim().toLocaleLowerCase();
  const { rooms: named, direct } = sidebarSections(rooms);
  const matches = [...named, ...direct]
    .filter((room) => needle === '' || room.name.toLocaleLowerCase().includes(needle))
    // Names that start with what was typed first, then unread ones.
    .sort(
      (a, b) =>
        Number(b.name.toLocaleLowerCase().startsWith(needle)) - Number(a.name.toLocaleLowerCase().startsWith(needle)) ||
        b.unread - a.unread,
    );
  // Options: the rooms that match, then "search messages" once something is typed.
  const options = matches.length + (needle === '' ? 0 : 1);
  const chosen = Math.min(index, options - 1);
  const searchId = `${listId}-search`;

  const go = (position: number) => {
    const room = matches[position];
    if (room) {
      onClose();
      onOpenRoom(room.room_id);
    } else if (position === matches.length && needle !== '') {
      onSearch(query.trim());
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : options - 1;
      setIndex((chosen + step) % Math.max(1, options));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(chosen);
    }
  };

  return (
    <Modal title={t('switcher.title')} onClose={onClose}>
      <div class="modal-form switcher">
        <input
          type="text"
          role="combobox"
          data-autofocus
          aria-label={t('switcher.label')}
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches[chosen] ? `${listId}-${matches[chosen].room_id}` : chosen >= 0 ? searchId : undefined}
          aria-autocomplete="list"
          autocomplete="off"
          placeholder={t('switcher.placeholder')}
          value={query}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setIndex(0);
          }}
          onKeyDown={onKeyDown}
        />
        <div id={listId} role="listbox" aria-label={t('switcher.results')} class="switcher-results">
          {matches.map((room, position) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox above handles the keys (aria-activedescendant).
            <div
              key={room.room_id}
              id={`${listId}-${room.room_id}`}
              role="option"
              aria-selected={position === chosen}
              class={position === chosen ? 'switcher-option active' : 'switcher-option'}
              tabIndex={-1}
              onClick={() => go(position)}
            >
              <RoomIcon kind={room.kind} />
              <span class="switcher-name">{room.name}</span>
              {room.unread > 0 && <span class="badge">{room.unread}</span>}
            </div>
          ))}
          {needle !== '' && (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox above handles the keys (aria-activedescendant).
            <div
              id={searchId}
              role="option"
              aria-selected={chosen === matches.length}
              class={chosen === matches.length ? 'switcher-option switcher-search active' : 'switcher-option switcher-search'}
              tabIndex={-1}
              onClick={() => go(matches.length)}
            >
              <span aria-hidden="true">🔍</span>
              <span class="switcher-name">{t('switcher.searchMessages', { query: query.trim() })}</span>
            </div>
          )}
        </div>
        {matches.length === 0 && needle === '' && <p class="hint">{t('switcher.none')}</p>}
      </div>
    </Modal>
  );
}
