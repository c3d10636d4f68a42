import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n/translate.js';

/**
 * A native modal <dialog>: the browser traps focus inside it, Escape closes it and the page behind
 * is inert. It opens on mount with focus on the element marked data-autofocus (else the first
 * control); the parent unmounts it to close, and focus goes back to whatever had it before (the
 * button that opened it).
 */
export function Modal({
  title,
  onClose,
  children,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** A large panel (the admin panel): nearly the whole window. */
  wide?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The `close` event comes a task later; by then another dialog may be open, which it must not close.
  const mounted = useRef(true);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const element = dialog.current;
    if (element && !element.open) {
      element.showModal();
      // The field the dialog is for, rather than its Close button.
      element.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      mounted.current = false;
      // Closed first: while a modal dialog is open the page behind it is inert and cannot take focus.
      if (element?.open) element.close();
      if (!opener?.isConnected) return;
      opener.focus();
      // The dialog's removal can still drop focus to <body> after this; then put it back once more.
      requestAnimationFrame(() => {
        if (opener.isConnected && document.activeElement === document.body) opener.focus();
      });
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={() => {
        if (mounted.current) onClose();
      }}
    >
      <header class="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="icon-button" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
