import { useRef, useState } from 'preact/hooks';

/** Enter sends, Shift+Enter breaks the line; the box clears at once, the message shows as pending. */
export function Composer({ onSend }: { onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);

  const send = () => {
    if (text.trim().length === 0) return;
    onSend(text);
    setText('');
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
        placeholder="Message #general"
        aria-label="Message"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="primary" disabled={text.trim().length === 0}>
        Send
      </button>
    </form>
  );
}
