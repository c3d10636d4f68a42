import { useEffect, useId, useState } from 'preact/hooks';
import type { RoomMemberRef } from '../protocol/rooms.js';
import { findRoom } from './rooms-store.js';
import { sameItems, useSelector, useSession } from './use-chat.js';

/** At most this many names are offered at once. */
const SHOWN = 8;
/** `@` at the start or after a space, then what has been typed of a name, right before the caret. */
const TYPED = /(?:^|\s)@([^\s@]{0,32})$/u;
const NONE: RoomMemberRef[] = [];

interface Typed {
  /** Where the `@` is. */
  start: number;
  query: string;
}

/**
 * `@` in the composer offers the room's members whose name starts with what follows it: ↑/↓ move,
 * Enter or Tab put the whole name in (nicknames may hold spaces; the server matches the longest),
 * Escape closes the list. The members are asked for each time the list opens.
 */
export function useMentionAutocomplete(roomId: number, text: string, setText: (value: string, caret: number) => void) {
  const session = useSession();
  const listId = useId();
  const [typed, setTyped] = useState<Typed | null>(null);
  const [active, setActive] = useState(0);
  const me = useSelector((state) => state.user?.user_id ?? 0);
  const members = useSelector(
    (state) => state.members[roomId] ?? findRoom(state.rooms, roomId)?.members ?? NONE,
    (a, b) => sameItems(a, b),
  );
  const open = typed !== null;
  // Asked again each time the list opens: the list held may predate people who joined since.
  useEffect(() => {
    if (open) session.actions.loadMembers(roomId);
  }, [open, roomId, session]);

  const query = typed?.query.toLocaleLowerCase() ?? '';
  const options = open
    ? members.filter((member) => member.user_id !== me && member.nickname.toLocaleLowerCase().startsWith(query)).slice(0, SHOWN)
    : NONE;
  const showing = open && options.length > 0;
  const current = Math.min(active, options.length - 1);

  /** After every input or caret move: is a name being typed after `@`? */
  const follow = (box: HTMLTextAreaElement) => {
    const caret = box.selectionStart ?? box.value.length;
    const match = box.selectionStart === box.selectionEnd ? TYPED.exec(box.value.slice(0, caret)) : null;
    const next = match ? { start: caret - (match[1] ?? '').length - 1, query: match[1] ?? '' } : null;
    if (next?.start !== typed?.start || next?.query !== typed?.query) {
      setTyped(next);
      setActive(0);
    }
  };

  const pick = (member: RoomMemberRef) => {
    if (!typed) return;
    const end = typed.start + 1 + typed.query.length;
    const inserted = `@${member.nickname} `;
    setText(text.slice(0, typed.start) + inserted + text.slice(end), typed.start + inserted.length);
    setTyped(null);
  };

  /** Returns whether the key was the list's. */
  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!showing) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setActive((current + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && !event.isComposing) {
      const chosen = options[current];
      if (chosen) pick(chosen);
    } else if (event.key === 'Escape') {
      setTyped(null);
    } else {
      return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return {
    listId,
    options: showing ? options : NONE,
    active: current,
    optionId,
    /** For the textarea: the list it controls and the option that has the keyboard. */
    inputProps: {
      'aria-autocomplete': 'list' as const,
      'aria-controls': showing ? listId : undefined,
      'aria-activedescendant': showing ? optionId(current) : undefined,
    },
    follow,
    close: () => setTyped(null),
    pick,
    onKeyDown,
  };
}
