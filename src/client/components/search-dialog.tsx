import { useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../../protocol/search.js';
import { moveFocusByArrow } from '../arrow-focus.js';
import { errorText } from '../error-text.js';
import { exactTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { findRoom, sidebarSections } from '../rooms-store.js';
import { snippet } from '../search-snippet.js';
import { useSelector, useSession } from '../use-chat.js';
import { Modal } from './modal.js';
import { RelativeTime } from './relative-time.js';
import { roomTitle } from './room-icon.js';

interface Props {
  onClose: () => void;
  onOpenMessage: (roomId: number, seq: number) => void;
}

/** A sender filter becomes the query's from: operator, so what is sent is what the query language says. */
const withSender = (query: string, sender: string) => {
  const nickname = sender.trim().replace(/^@/, '');
  return nickname === '' ? query.trim() : `${query.trim()} from:${nickname.includes(' ') ? `"${nickname}"` : nickname}`;
};

/** `/` or the header's Search button: the query, filters for room and sender, results with the words found marked. */
export function SearchDialog({ onClose, onOpenMessage }: Props) {
  const session = useSession();
  const search = useSelector((state) => state.search);
  const rooms = useSelector((state) => state.rooms);
  const [query, setQuery] = useState(search.query);
  const [sender, setSender] = useState('');
  const [roomId, setRoomId] = useState<number | null>(search.roomId);
  const { rooms: named, direct } = sidebarSections(rooms);

  const submit = (event: Event) => {
    event.preventDefault();
    const text = withSender(query, sender);
    if (text !== '') session.search.run(text, roomId);
  };
  const queryField = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLElement>(null);
  // ↓ from the query goes to the results, ↑/↓ move through them (and back up to the query).
  const onArrow = (event: KeyboardEvent) => {
    const hits = [...(results.current?.querySelectorAll<HTMLElement>('.search-hit') ?? [])];
    if (hits.length > 0 && queryField.current) moveFocusByArrow(event, [queryField.current, ...hits]);
  };
  const open = (hit: SearchHit) => {
    onClose();
    onOpenMessage(hit.message.room_id, hit.message.seq);
  };

  return (
    <Modal title={t('search.title')} onClose={onClose}>
      <form class="modal-form search-form" onSubmit={submit}>
        <label>
          {t('search.label')}
          <input
            ref={queryField}
            type="search"
            data-autofocus
            onKeyDown={onArrow}
            autocomplete="off"
            placeholder={t('search.placeholder')}
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
        </label>
        <div class="search-filters">
          <label>
            {t('search.room')}
            <select
              value={roomId ?? ''}
              onChange={(event) => setRoomId(event.currentTarget.value === '' ? null : Number(event.currentTarget.value))}
            >
              <option value="">{t('search.allRooms')}</option>
              {[...named, ...direct].map((room) => (
                <option key={room.room_id} value={room.room_id}>
                  {roomTitle(room)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('search.sender')}
            <input
              type="text"
              autocomplete="off"
              placeholder={t('search.anyone')}
              value={sender}
              onInput={(event) => setSender(event.currentTarget.value)}
            />
          </label>
        </div>
        <button type="submit" class="primary">
          {t('search.submit')}
        </button>
        <p class="hint">{t('search.help')}</p>
      </form>
      <section
        ref={results}
        class="search-results"
        onKeyDown={onArrow}
        aria-label={t('search.results')}
        aria-busy={search.status === 'loading'}
      >
        {search.status === 'failed' && (
          <p class="form-error" role="alert">
            {errorText(search.error, 'search')}
          </p>
        )}
        {search.status === 'done' && search.hits.length === 0 && (
          <p class="hint" role="status">
            {t('search.none')}
          </p>
        )}
        {search.hits.length > 0 && (
          <ul class="search-hits">
            {search.hits.map((hit) => {
              const room = findRoom(rooms, hit.message.room_id);
              return (
                <li key={hit.message.message_id}>
                  <button type="button" class="search-hit" data-message-id={hit.message.message_id} onClick={() => open(hit)}>
                    <span class="search-hit-meta">
                      <span class="message-author">{hit.message.nickname}</span>
                      <span class="search-hit-room">{room ? roomTitle(room) : ''}</span>
                      <time dateTime={hit.message.datetime} title={exactTime(hit.message.datetime)}>
                        <RelativeTime datetime={hit.message.datetime} />
                      </time>
                    </span>
                    <span class="search-hit-text">
                      {snippet(hit.message.content, hit.highlights).map((part, i) =>
                        part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                      )}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {search.status === 'loading' && <p class="hint">{t('search.loading')}</p>}
        {search.nextBefore !== null && search.status !== 'loading' && (
          <button type="button" class="link search-more" onClick={() => session.search.more()}>
            {t('search.more')}
          </button>
        )}
      </section>
    </Modal>
  );
}
