import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ScrollRequest } from './store.js';

/** Within this distance of the end, the reader counts as "at the bottom" and is kept there. */
const STICKY_PX = 48;
/** Within this distance of either end, the next page is asked for. */
const LOAD_PX = 160;

interface Options {
  /** seq of the oldest message shown: when it gets older, a page was put on top. */
  firstSeq: number | undefined;
  pendingCount: number;
  scroll: ScrollRequest | null;
  onNearTop: () => void;
  onNearBottom: () => void;
  /** The newest seq with any part on screen, and whether the end of the list is in view. */
  onSeen: (seq: number, atBottom: boolean) => void;
}

/** The newest message whose top is above the list's bottom edge: messages are in seq order, so a binary search. */
function newestOnScreen(element: HTMLElement): number {
  const items = element.querySelectorAll<HTMLElement>('.message[data-seq]');
  const bottom = element.scrollTop + element.clientHeight;
  let low = 0;
  let high = items.length - 1;
  let found: HTMLElement | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const item = items[middle] as HTMLElement;
    if (item.offsetTop < bottom) {
      found = item;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return Number(found?.dataset.seq ?? 0);
}

/**
 * The message list's scrolling: follows new messages while the reader is at
 * the bottom, keeps the reader's place when older messages are put on top,
 * scrolls where the session asks (the first unread, the newest), loads pages
 * near either end, and notices when the "new messages" divider has been seen.
 */
export function useMessageScroll({ firstSeq, pendingCount, scroll, onNearTop, onNearBottom, onSeen }: Options) {
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const handledToken = useRef(0);
  const previous = useRef({ firstSeq, pendingCount, height: 0, top: 0 });
  const [dividerSeen, setDividerSeen] = useState(false);

  // Taken while rendering, before the DOM changes: where the reader was.
  const element = list.current;
  if (element) previous.current = { ...previous.current, height: element.scrollHeight, top: element.scrollTop };

  const checkDivider = (element: HTMLOListElement) => {
    const divider = element.querySelector<HTMLElement>('.unread-divider');
    if (divider && divider.offsetTop >= element.scrollTop - 8 && divider.offsetTop <= element.scrollTop + element.clientHeight) {
      setDividerSeen(true);
    }
  };

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const before = previous.current;
    const justSent = pendingCount > before.pendingCount;
    if (scroll && scroll.token !== handledToken.current) {
      handledToken.current = scroll.token;
      const target =
        scroll.to === 'bottom'
          ? null
          : (element.querySelector<HTMLElement>('.unread-divider') ?? element.querySelector(`[data-seq="${scroll.to}"]`));
      element.scrollTop = scroll.to === 'bottom' ? element.scrollHeight : Math.max(0, (target as HTMLElement | null)?.offsetTop ?? 0) - 8;
    } else if (firstSeq !== undefined && before.firstSeq !== undefined && firstSeq < before.firstSeq) {
      element.scrollTop = before.top + (element.scrollHeight - before.height);
    } else if (atBottom.current || justSent) {
      element.scrollTop = element.scrollHeight;
    }
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_PX;
    previous.current = { firstSeq, pendingCount, height: element.scrollHeight, top: element.scrollTop };
    checkDivider(element);
    onSeen(newestOnScreen(element), atBottom.current);
  });

  const onScroll = () => {
    const element = list.current;
    if (!element) return;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    atBottom.current = fromBottom < STICKY_PX;
    if (element.scrollTop < LOAD_PX) onNearTop();
    if (fromBottom < LOAD_PX) onNearBottom();
    checkDivider(element);
    onSeen(newestOnScreen(element), atBottom.current);
  };

  return { list, onScroll, dividerSeen, dismissDivider: () => setDividerSeen(true) };
}
