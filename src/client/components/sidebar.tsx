import { Avatar } from './avatar.js';

/** Rooms arrive with a later protocol version; until then the default room is the only one. */
export function Sidebar({ nickname, onSignOut }: { nickname: string; onSignOut: () => void }) {
  return (
    <aside class="sidebar">
      <h1 class="brand">cerulean chalice</h1>
      <nav aria-label="Rooms">
        <h3>Rooms</h3>
        <ul>
          <li class="room-link active" aria-current="page">
            # general
          </li>
        </ul>
      </nav>
      <footer class="me">
        <Avatar nickname={nickname} />
        <span class="me-name">{nickname}</span>
        <button type="button" class="link" onClick={onSignOut}>
          Sign out
        </button>
      </footer>
    </aside>
  );
}
