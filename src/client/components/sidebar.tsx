import type { RoomSummary } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { countRender } from '../render-count.js';
import { sidebarSections } from '../rooms-store.js';
import { useSelector, useSession } from '../use-chat.js';
import { useMediaQuery } from '../use-media-query.js';
import { Avatar } from './avatar.js';
import type { OpenDialog } from './chat-dialogs.js';
import { ConnectionStatus } from './connection-status.js';
import { NotificationPrompt } from './notification-prompt.js';
import { RoomLink } from './room-link.js';

/** The width up to which styles/phone.css shows one screen at a time. */
const PHONE_LAYOUT = '(max-width: 640px)';

/** The footer's icons, as 16×16 SVG paths: a shield for Administration, a gear for Settings. */
const SHIELD_ICON =
  'M8 1 2 3.5V8c0 3.3 2.5 6.1 6 7 3.5-.9 6-3.7 6-7V3.5Zm0 1.6 4.5 1.9V8c0 2.5-1.8 4.7-4.5 5.5C5.3 12.7 3.5 10.5 3.5 8V4.5Z';
const GEAR_ICON =
  'M6.9 1h2.2l.4 2 1.3.6 1.7-1.2 1.6 1.6-1.2 1.7.6 1.3 2 .4v2.2l-2 .4-.6 1.3 1.2 1.7-1.6 1.6-1.7-1.2-1.3.6-.4 2H6.9l-.4-2-1.3-.6-1.7 1.2-1.6-1.6 1.2-1.7-.6-1.3-2-.4V6.9l2-.4.6-1.3-1.2-1.7 1.6-1.6 1.7 1.2 1.3-.6ZM8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5Z';

interface Props {
  onDialog: (dialog: OpenDialog) => void;
  onOpenRoom: (roomId: number) => void;
}

/** The user's rooms and conversations, each with its unread badge; the section headers open the forms. */
export function Sidebar({ onDialog, onOpenRoom }: Props) {
  countRender('Sidebar');
  const session = useSession();
  const rooms = useSelector((state) => state.rooms);
  const loaded = useSelector((state) => state.roomsLoaded);
  const activeId = useSelector((state) => state.view.roomId);
  const me = useSelector((state) => state.user);
  const signingOut = useSelector((state) => state.signingOut);
  const admin = useSelector((state) => state.serverRole === 'admin');
  const phone = useMediaQuery(PHONE_LAYOUT);
  if (!me) return null;
  const sections = sidebarSections(rooms);
  const list = (items: RoomSummary[], empty: string) =>
    items.length === 0 ? (
      <p class="sidebar-empty">{loaded ? empty : t('common.loading')}</p>
    ) : (
      <ul>
        {items.map((room) => (
          <RoomLink key={room.room_id} room={room} meId={me.user_id} active={room.room_id === activeId} onOpen={onOpenRoom} />
        ))}
      </ul>
    );

  return (
    <aside class="sidebar" aria-label={t('sidebar.label')}>
      <div class="sidebar-top">
        <h1 class="brand">cerulean chalice</h1>
        {/* On a phone the room list is a screen of its own, without the room header's status. */}
        {phone && <ConnectionStatus signedIn />}
        <button type="button" class="switcher-button" onClick={() => onDialog({ kind: 'switcher' })} aria-keyshortcuts="Control+K Meta+K">
          {t('switcher.open')}
        </button>
      </div>
      <NotificationPrompt />
      {!loaded && rooms.length > 0 && <p class="sidebar-empty offline-rooms">{t('offline.rooms')}</p>}
      <nav class="sidebar-nav" aria-label={t('sidebar.nav')}>
        <section aria-labelledby="rooms-heading">
          <div class="sidebar-heading">
            <h2 id="rooms-heading">{t('sidebar.rooms')}</h2>
            <button
              type="button"
              class="icon-button"
              aria-label={t('browse.title')}
              title={t('browse.title')}
              onClick={() => onDialog({ kind: 'browse' })}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path fill="currentColor" d="M7 2a5 5 0 0 1 4 8l3 3-1 1-3-3a5 5 0 1 1-3-9Zm0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7Z" />
              </svg>
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label={t('create.open')}
              title={t('create.open')}
              onClick={() => onDialog({ kind: 'create' })}
            >
              +
            </button>
          </div>
          {list(sections.rooms, t('sidebar.noRooms'))}
        </section>
        <section aria-labelledby="direct-heading">
          <div class="sidebar-heading">
            <h2 id="direct-heading">{t('sidebar.direct')}</h2>
            <button
              type="button"
              class="icon-button"
              aria-label={t('conversation.title')}
              title={t('conversation.title')}
              onClick={() => onDialog({ kind: 'conversation' })}
            >
              +
            </button>
          </div>
          {list(sections.direct, t('sidebar.noConversations'))}
        </section>
      </nav>
      <footer class="me">
        <Avatar nickname={me.nickname} />
        <span class="me-name">{me.nickname}</span>
        {admin && <FooterIconButton label={t('admin.open')} icon={SHIELD_ICON} onClick={() => onDialog({ kind: 'admin' })} />}
        <FooterIconButton label={t('settings.title')} icon={GEAR_ICON} onClick={() => onDialog({ kind: 'settings' })} />
        <button type="button" class="link" disabled={signingOut} onClick={() => session.signOut()}>
          {signingOut ? t('signOut.busy') : t('signOut.action')}
        </button>
      </footer>
    </aside>
  );
}

/** A footer button that shows only its icon: the label is for screen readers, and the tooltip for everyone else. */
function FooterIconButton({ label, icon, onClick }: { label: string; icon: string; onClick: () => void }) {
  return (
    <button type="button" class="icon-button" aria-label={label} title={label} onClick={onClick}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <path fill="currentColor" d={icon} />
      </svg>
    </button>
  );
}
