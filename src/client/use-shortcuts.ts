import { useEffect, useRef } from 'preact/hooks';
import type { OpenDialog } from './components/chat-dialogs.js';
import { sidebarSections } from './rooms-store.js';
import type { Store } from './store.js';
import { useStore } from './use-chat.js';

interface Options {
  dialogOpen: boolean;
  openDialog: (dialog: OpenDialog) => void;
  openRoom: (roomId: number) => void;
}

/** The rooms in sidebar order, and the one `step` away from the open one (wrapping); unread ones only if asked. */
function neighbour(store: Store, step: 1 | -1, unreadOnly: boolean): number | undefined {
  const state = store.get();
  const { rooms, direct } = sidebarSections(state.rooms);
  const order = [...rooms, ...direct];
  const here = order.findIndex((room) => room.room_id === state.view.roomId);
  for (let distance = 1; distance <= order.length; distance++) {
    const room = order[(here + step * distance + order.length * 2) % order.length];
    if (room && room.room_id !== state.view.roomId && (!unreadOnly || room.unread > 0)) return room.room_id;
  }
  return undefined;
}

/** `/` is a character while one types: only elsewhere does it open search. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Keys that work anywhere on the signed-in page: Ctrl+K / Cmd+K the quick switcher, `/` search, Alt+↑/↓ the
 * previous or next room, Alt+Shift+↑/↓ the previous or next room with unread messages. Dialogs
 * handle their own keys (Escape closes them), so nothing here runs while one is open.
 */
export function useShortcuts(options: Options): void {
  const store = useStore();
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { dialogOpen, openDialog, openRoom } = latest.current;
      if (dialogOpen || event.defaultPrevented) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        openDialog({ kind: 'switcher' });
      } else if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        openDialog({ kind: 'search' });
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        const roomId = neighbour(store, event.key === 'ArrowUp' ? -1 : 1, event.shiftKey);
        event.preventDefault();
        if (roomId !== undefined) openRoom(roomId);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
