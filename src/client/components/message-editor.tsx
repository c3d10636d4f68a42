import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/translate.js';
import { characterCount, MESSAGE_MAX_LENGTH } from '../limits.js';
import { useSession } from '../use-chat.js';

/** Focus goes back to where the person types next: the room's composer. */
export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus();
}

/**
 * A message edited in place: Enter saves, Shift+Enter breaks the line, Escape cancels; either way
 * focus returns to the composer. The new text shows once the server sends the message's new state.
 */
export function MessageEditor({ messageId, content }: { messageId: number; content: string }) {
  const session = useSession();
  const [text, setText] = useState(content);
  const input = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const box = input.current;
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, []);
  useLayoutEffect(() => {
    const box = input.current;
    if (!box) return;
    box.style.height = 'auto';
    box.style.height = `${box.scrollHeight + 2}px`;
  }, [text]);

  const valid = text.trim() !== '' && characterCount(text) <= MESSAGE_MAX_LENGTH;
  const save = () => {
    if (!valid) return;
    session.changes.edit(messageId, text);
    focusComposer();
  };
  const cancel = () => {
    session.changes.stopEditing();
    focusComposer();
  };
  return (
    <form
      class="message-editor"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        ref={input}
        rows={1}
        aria-label={t('message.editLabel')}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            cancel();
          } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            save();
          }
        }}
      />
      <div class="message-editor-actions">
        <span class="message-editor-hint">{t('message.editHint')}</span>
        <button type="button" class="secondary" onClick={cancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={!valid}>
          {t('message.save')}
        </button>
      </div>
    </form>
  );
}
