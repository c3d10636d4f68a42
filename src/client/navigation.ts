import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { type Place, parsePath, roomPath } from './router.js';
import type { ChatState, Store } from './store.js';

export interface NavigationEvents {
  /** Show this place (a room, or a message in it), from an address: the first one, or Back/Forward. */
  go(place: Place): void;
}

/**
 * Keeps the address bar and the room on screen in step: opening a room pushes its address (so Back
 * returns to the previous room), Back and Forward open the room they name, and a reload starts at
 * the address it had.
 */
export class Navigation {
  private shownRoom: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly events: NavigationEvents,
  ) {}

  /** The place the page was opened at (before sign-in): the room it names is the one to show. */
  start(): void {
    const place = parsePath(location.pathname);
    if (place) {
      this.shownRoom = place.roomId;
      this.events.go(place);
    }
    window.addEventListener('popstate', () => {
      const next = parsePath(location.pathname) ?? { roomId: DEFAULT_ROOM_ID };
      this.shownRoom = next.roomId;
      this.events.go(next);
    });
    this.store.subscribe((state) => this.follow(state));
  }

  /** The room on screen changed: a new entry in the history, unless the address already names it. */
  private follow(state: ChatState): void {
    if (!state.user || state.view.roomId === this.shownRoom) return;
    const first = this.shownRoom === null;
    this.shownRoom = state.view.roomId;
    const path = roomPath(state.view.roomId);
    if (location.pathname === path) return;
    // The room a page opens with (or falls back to) replaces the entry instead of adding one.
    if (first) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
  }

  /** The address named something this person cannot see: show where they are instead, without a new entry. */
  replace(roomId: number): void {
    this.shownRoom = roomId;
    history.replaceState(null, '', roomPath(roomId));
  }
}
