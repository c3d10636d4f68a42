import { useRef, useState } from 'preact/hooks';

/** What was typed and not sent, per person and room, for as long as the page lives. */
const drafts = new Map<string, string>();

interface Props {
  /** Whose draft in which room, e.g. "7:12". */
  draftKey: string;
  placeholder: string;
  onSend: (text: string) => void;
  onTyping: () => void;
}

/** Enter sends, Shift+Enter breaks the line; the box clears at once, the message shows as pending. */
export function Composer({ draftKey, placeholder, onSend, onTyping }: Props) {
  const [text, setText] = useState(drafts.get(draftKey) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);

  const change = (value: string) => {
    setText(value);
    drafts.set(draftKey, value);
  };

  const send = () => {
    if (text.trim().length === 0) return;
    onSend(text);
    change('');
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
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
      <textarea
        ref={input}
        name="message"
        rows={1}
        placeholder={placeholder}
        aria-label="Message"
        value={text}
        onInput={(event) => {
          change(event.currentTarget.value);
          if (event.currentTarget.value.trim() !== '') onTyping();
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="primary" disabled={text.trim().length === 0}>
        Send
      </button>
    </form>
  );
}
