/**
 * ↓ and ↑ move the focus to the next or previous of `items`, wrapping around (menus, result lists).
 * Returns whether the key was one of them, its default (scrolling, a caret jump) prevented.
 */
export function moveFocusByArrow(event: KeyboardEvent, items: HTMLElement[]): boolean {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return false;
  event.preventDefault();
  const step = event.key === 'ArrowDown' ? 1 : items.length - 1;
  const index = items.indexOf(document.activeElement as HTMLElement);
  items[index < 0 ? 0 : (index + step) % items.length]?.focus();
  return true;
}
