import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Drafts } from '../drafts.js';
import { t } from '../i18n/translate.js';
import { characterCount, MESSAGE_COUNTER_FROM, MESSAGE_MAX_LENGTH } from '../limits.js';
import type { Uploads } from '../uploads.js';
import { useMentionAutocomplete } from '../use-mention-autocomplete.js';
import { MentionSuggestions } from './mention-suggestions.js';
import { UploadList } from './upload-list.js';

interface Props {
  roomId: number;
  drafts: Drafts;
  placeholder: string;
  onTyping: () => void;
  /** Files attached here; the text is handed to it, and it sends once they are uploaded. */
  uploads: Uploads;
  /** Up-arrow in the empty box: edit my last message here; returns whether there was one. */
  onEditLast: () => boolean;
  /** Escape: stop answering the message chosen to reply to; returns whether there was one. */
  onCancelReply: () => boolean;
}

/** Most lines the box grows to before it scrolls. */
const MAX_ROWS = 8;

/**
 * Enter sends, Shift+Enter breaks the line; the box clears at once and the message shows as pending.
 * The text is the room's draft (kept across rooms and reloads). Past the length limit it cannot be
 * sent and stays here, with a counter that appears as the limit nears.
 */
export function Composer({ roomId, drafts, placeholder, uploads, onTyping, onEditLast, onCancelReply }: Props) {
  const [draft, setDraft] = useState(() => drafts.get(roomId));
  const [fileCount, setFileCount] = useState(() => uploads.items(roomId).length);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => drafts.subscribe(roomId, setDraft), [drafts, roomId]);
  useEffect(() => {
    const sync = () => setFileCount(uploads.items(roomId).filter((item) => item.state !== 'failed').length);
    sync();
    return uploads.subscribe(sync);
  }, [uploads, roomId]);
  // Grows with its content up to MAX_ROWS lines, then scrolls (set through CSSOM, which the CSP allows).
  useLayoutEffect(() => {
    const box = input.current;
    if (!box) return;
    box.style.height = 'auto';
    const line = Number.parseFloat(getComputedStyle(box).lineHeight) || 20;
    box.style.height = `${Math.min(box.scrollHeight, line * MAX_ROWS + 20)}px`;
  }, [draft.text]);

  const text = draft.text;
  const left = MESSAGE_MAX_LENGTH - characterCount(text);
  const sendable = (text.trim().length > 0 || fileCount > 0) && left >= 0;

  const change = (value: string) => {
    setDraft({ text: value });
    drafts.set(roomId, value);
  };

  const mention = useMentionAutocomplete(roomId, text, (value, caret) => {
    change(value);
    // After the render that puts the new text in.
    requestAnimationFrame(() => input.current?.setSelectionRange(caret, caret));
  });

  const send = () => {
    if (!sendable) return;
    uploads.submit(roomId, text);
    change('');
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (mention.onKeyDown(event)) return;
    if (event.key === 'ArrowUp' && text === '' && !event.altKey && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
      if (onEditLast()) event.preventDefault();
      return;
    }
    if (event.key === 'Escape' && onCancelReply()) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    // While an IME is composing, Enter picks a candidate; it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    send();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {draft.returned && (
        <p class="form-error composer-note" role="alert">
          {draft.returned === 'too_large' ? t('composer.returned.tooLarge') : t('composer.returned.other')}
        </p>
      )}
      <UploadList uploads={uploads} roomId={roomId} />
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const files = event.currentTarget.files;
          if (files) uploads.add(roomId, [...files]);
          event.currentTarget.value = '';
        }}
      />
      <button
        type="button"
        class="icon-button attach"
        aria-label={t('files.attach')}
        title={t('files.attach')}
        onClick={() => picker.current?.click()}
      >
        📎
      </button>
      <MentionSuggestions
        id={mention.listId}
        options={mention.options}
        active={mention.active}
        optionId={mention.optionId}
        onPick={mention.pick}
      />
      <textarea
        ref={input}
        {...mention.inputProps}
        onPaste={(event) => {
          // A pasted screenshot arrives as a file; pasted text stays ordinary text.
          const files = [...(event.clipboardData?.files ?? [])];
          if (files.length === 0) return;
          event.preventDefault();
          uploads.add(roomId, files);
        }}
        name="message"
        rows={1}
        placeholder={placeholder}
        aria-label={t('composer.label')}
        aria-invalid={left < 0}
        value={text}
        onInput={(event) => {
          change(event.currentTarget.value);
          mention.follow(event.currentTarget);
          if (event.currentTarget.value.trim() !== '') onTyping();
        }}
        onKeyUp={(event) => {
          if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End')
            mention.follow(event.currentTarget);
        }}
        onBlur={() => mention.close()}
        onKeyDown={onKeyDown}
      />
      {left < MESSAGE_COUNTER_FROM && (
        <span class={left < 0 ? 'composer-count over' : 'composer-count'} aria-live="polite">
          <span aria-hidden="true">{left}</span>
          <span class="visually-hidden">{left < 0 ? t('composer.over', { count: -left }) : t('composer.left', { count: left })}</span>
        </span>
      )}
      <button type="submit" class="primary" disabled={!sendable}>
        {t('composer.send')}
      </button>
    </form>
  );
}
