import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../protocol/message.js';
import type { ScrollRequest } from './store.js';

/**
 * At most this many messages are in the DOM at once, however many are loaded: the list is a window
 * over the room's messages that moves by STEP as the reader nears either edge. 150 messages fill
 * several screens on the tallest display, so the reader never scrolls into an edge before the
 * window has moved; at ≤ 15 elements per message the list stays under ~2 300 elements.
 */
export const WINDOW = 150;
const STEP = 50;
/** Within this distance of the end, the reader counts as "at the bottom" and is kept there. */
const STICKY_PX = 48;
/** Within this distance of either edge of what is rendered, the window moves (or the next page is asked for). */
const EDGE_PX = 400;

interface Options {
  messages: ChatMessage[];
  /** Our own unsent messages count too: sending one scrolls to it. */
  pendingCount: number;
  scroll: ScrollRequest | null;
  /** The server holds older messages than `messages` starts with / newer than it ends with. */
  hasOlder: boolean;
  hasNewer: boolean;
  onLoadOlder: () => void;
  onLoadNewer: () => void;
  /** The newest seq with any part on screen, and whether the end of the list is in view. */
  onSeen: (seq: number, atBottom: boolean) => void;
  /** The "new messages" divider has been on screen. */
  onDividerSeen: () => void;
}

function dividerOnScreen(list: HTMLElement): boolean {
  const divider = list.querySelector<HTMLElement>('.unread-divider');
  return divider !== null && divider.offsetTop >= list.scrollTop - 8 && divider.offsetTop <= list.scrollTop + list.clientHeight;
}

/** Where the reader is, as an element that stays put when others are added or removed around it. */
interface Anchor {
  seq: number;
  offset: number;
}

function messageElements(list: HTMLElement): HTMLElement[] {
  return [...list.querySelectorAll<HTMLElement>('.message[data-seq]')];
}

/** The first message whose bottom is below the list's top edge, and how far below that edge its top is. */
function takeAnchor(list: HTMLElement): Anchor | null {
  const top = list.scrollTop;
  const first = messageElements(list).find((item) => item.offsetTop + item.offsetHeight > top);
  return first ? { seq: Number(first.dataset.seq), offset: first.offsetTop - top } : null;
}

/** The newest message whose top is above the list's bottom edge: everything up to it has been on screen. */
function newestOnScreen(list: HTMLElement): number {
  const bottom = list.scrollTop + list.clientHeight;
  const items = messageElements(list);
  let low = 0;
  let high = items.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const item = items[middle] as HTMLElement;
    if (item.offsetTop < bottom) {
      found = Number(item.dataset.seq);
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * The message list's window and scrolling: follows new messages while the reader is at the bottom,
 * keeps the reader's place when messages are added or removed above (an older page, the window
 * moving), scrolls where the session asks (the first unread, the newest), moves the window or asks
 * for the next page near either edge, and reports what has been seen.
 */
export function useMessageWindow(options: Options) {
  const { messages, pendingCount, scroll } = options;
  const list = useRef<HTMLOListElement>(null);
  /** null: the window ends at the newest message held and follows it. Else: it starts at this seq. */
  const [startSeq, setStartSeq] = useState<number | null>(null);
  const atBottom = useRef(true);
  const handledToken = useRef(0);
  const lastPending = useRef(pendingCount);
  const latest = useRef(options);
  latest.current = options;

  // Which messages to render: from startSeq (a full window at most, so never past the newest), else the newest.
  const last = Math.max(0, messages.length - WINDOW);
  const found = startSeq === null ? -1 : messages.findIndex((message) => message.seq >= startSeq);
  const start = found < 0 ? last : Math.min(found, last);
  const end = Math.min(messages.length, start + WINDOW);
  const shown = messages.slice(start, end);
  const following = end === messages.length;

  // Taken while rendering, before the DOM changes: where the reader was.
  const anchor = useRef<Anchor | null>(null);
  if (list.current && !atBottom.current) anchor.current = takeAnchor(list.current);

  /** Renders a window that holds `seq`, a third of the way down. */
  const showSeq = (seq: number) => {
    const index = messages.findIndex((message) => message.seq >= seq);
    if (index < 0) return;
    const from = Math.max(0, index - Math.floor(WINDOW / 3));
    setStartSeq(from + WINDOW >= messages.length ? null : (messages[from] as ChatMessage).seq);
  };

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const justSent = pendingCount > lastPending.current;
    lastPending.current = pendingCount;
    if (scroll && scroll.token !== handledToken.current) {
      if (scroll.to === 'bottom') {
        handledToken.current = scroll.token;
        if (startSeq !== null) setStartSeq(null);
        element.scrollTop = element.scrollHeight;
      } else {
        const target =
          element.querySelector<HTMLElement>(`.unread-divider[data-before="${scroll.to}"]`) ??
          element.querySelector<HTMLElement>(`[data-seq="${scroll.to}"]`);
        if (target) {
          handledToken.current = scroll.token;
          element.scrollTop = Math.max(0, target.offsetTop - 8);
        } else {
          // Not in the window yet: move the window, and come back here after that render.
          showSeq(scroll.to);
        }
      }
    } else if ((atBottom.current && following) || justSent) {
      element.scrollTop = element.scrollHeight;
    } else if (anchor.current) {
      const item = element.querySelector<HTMLElement>(`.message[data-seq="${anchor.current.seq}"]`);
      if (item) element.scrollTop = item.offsetTop - anchor.current.offset;
    }
    atBottom.current = following && element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_PX;
    latest.current.onSeen(newestOnScreen(element), atBottom.current);
    if (dividerOnScreen(element)) latest.current.onDividerSeen();
  });

  const onScroll = () => {
    const element = list.current;
    if (!element) return;
    const { hasOlder, hasNewer, onLoadOlder, onLoadNewer, onSeen, onDividerSeen } = latest.current;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    atBottom.current = following && fromBottom < STICKY_PX;
    // Scrolled away from the newest: the window stops following, so arriving messages do not slide it past the reader.
    if (!atBottom.current && startSeq === null && shown[0]) setStartSeq(shown[0].seq);
    if (atBottom.current && startSeq !== null) setStartSeq(null);
    if (element.scrollTop < EDGE_PX) {
      if (start > 0) setStartSeq((messages[Math.max(0, start - STEP)] as ChatMessage).seq);
      else if (hasOlder) onLoadOlder();
    }
    if (fromBottom < EDGE_PX) {
      if (!following) setStartSeq(start + STEP + WINDOW >= messages.length ? null : (messages[start + STEP] as ChatMessage).seq);
      else if (hasNewer) onLoadNewer();
    }
    onSeen(newestOnScreen(element), atBottom.current);
    if (dividerOnScreen(element)) onDividerSeen();
  };

  return { list, onScroll, shown, following, atStart: start === 0 };
}
