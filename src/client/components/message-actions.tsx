import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { messageUrl } from '../router.js';

interface Props {
  roomId: number;
  seq: number;
  content: string;
}

/**
 * A message's actions behind ⋯ (shown on hover or focus; always on touch screens): a small menu,
 * Escape closes it and gives focus back to ⋯. Actions about a message (reply, react, edit, delete)
 * belong here as menu items.
 */
export function MessageActions({ roomId, seq, content }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  // Before paint: the first item has focus as soon as the menu is there.
  useLayoutEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && event.target !== button.current) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const copy = (text: string) => {
    void navigator.clipboard?.writeText(text).catch(() => {});
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[next]?.focus();
    }
  };

  return (
    <div class={open ? 'message-actions open' : 'message-actions'}>
      <button
        ref={button}
        type="button"
        class="icon-button actions-button"
        aria-label={t('message.actions')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open && (
        <div ref={menu} class="menu" role="menu" aria-label={t('message.actions')} onKeyDown={onKeyDown} tabIndex={-1}>
          <button type="button" role="menuitem" onClick={() => copy(content)}>
            {t('message.copyText')}
          </button>
          <button type="button" role="menuitem" onClick={() => copy(messageUrl(roomId, seq))}>
            {t('message.copyLink')}
          </button>
        </div>
      )}
    </div>
  );
}
