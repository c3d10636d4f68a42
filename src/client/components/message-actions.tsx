import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { moveFocusByArrow } from '../arrow-focus.js';
import { t } from '../i18n/translate.js';
import { messageUrl } from '../router.js';

/** What can be done to one message; an action left out is not offered (a deleted message, someone else's). */
export interface MessageCommands {
  reply?: () => void;
  react?: () => void;
  edit?: () => void;
  remove?: () => void;
  /** A moderator's: mute the author in this room. */
  mute?: () => void;
  /** My edited message: its earlier versions. */
  versions?: () => void;
}

interface Props {
  roomId: number;
  seq: number;
  content: string;
  commands: MessageCommands;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * A message's actions behind ⋯ (shown on hover or focus; always on touch screens, where a long press
 * opens it too): a small menu, arrow keys move, Escape closes it and gives focus back to ⋯.
 */
export function MessageActions({ roomId, seq, content, commands, open, onOpenChange }: Props) {
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  // Before paint: the first item has focus as soon as the menu is there.
  useLayoutEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && event.target !== button.current) onOpenChange(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open, onOpenChange]);

  const close = () => {
    onOpenChange(false);
    button.current?.focus();
  };
  /** The action takes focus where it needs it (the editor, the composer, a dialog), so the menu just goes. */
  const run = (action: () => void) => () => {
    onOpenChange(false);
    action();
  };
  const copy = (text: string) => {
    void navigator.clipboard?.writeText(text).catch(() => {});
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    } else {
      moveFocusByArrow(event, [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]);
    }
  };
  const item = (label: string, action: (() => void) | undefined, danger = false) =>
    action && (
      <button type="button" role="menuitem" class={danger ? 'danger-item' : undefined} onClick={run(action)}>
        {label}
      </button>
    );

  return (
    <div class={open ? 'message-actions open' : 'message-actions'}>
      <button
        ref={button}
        type="button"
        class="icon-button actions-button"
        aria-label={t('message.actions')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => onOpenChange(!open)}
      >
        ⋯
      </button>
      {open && (
        <div ref={menu} class="menu" role="menu" aria-label={t('message.actions')} onKeyDown={onKeyDown} tabIndex={-1}>
          {item(t('message.reply'), commands.reply)}
          {item(t('message.react'), commands.react)}
          {item(t('message.edit'), commands.edit)}
          {item(t('message.showEdits'), commands.versions)}
          {content !== '' && (
            <button type="button" role="menuitem" onClick={() => copy(content)}>
              {t('message.copyText')}
            </button>
          )}
          <button type="button" role="menuitem" onClick={() => copy(messageUrl(roomId, seq))}>
            {t('message.copyLink')}
          </button>
          {item(t('message.muteAuthor'), commands.mute, true)}
          {item(t('message.delete'), commands.remove, true)}
        </div>
      )}
    </div>
  );
}
