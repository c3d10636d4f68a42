import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { searchEmoji } from '../emoji.js';
import { t } from '../i18n/translate.js';

interface Props {
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/**
 * A small popover of common emoji with a search field (words in English or Russian, or an emoji typed
 * or pasted). The field has focus; arrow keys move through the choices, Enter picks the first match,
 * Escape closes.
 */
export function EmojiPicker({ onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const choices = searchEmoji(query);
  const box = useRef<HTMLFieldSetElement>(null);
  useLayoutEffect(() => search.current?.focus(), []);
  useEffect(() => {
    const away = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 6, ArrowUp: -6 }[event.key];
    if (step !== undefined && (index >= 0 || event.key === 'ArrowDown')) {
      event.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, index + step))]?.focus();
    } else if (event.key === 'Enter' && document.activeElement === search.current && choices[0]) {
      event.preventDefault();
      onPick(choices[0]);
    }
  };

  return (
    <fieldset ref={box} class="emoji-picker" aria-label={t('reaction.picker')} onKeyDown={onKeyDown}>
      <input
        ref={search}
        type="search"
        class="emoji-search"
        aria-label={t('reaction.search')}
        placeholder={t('reaction.search')}
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <div ref={grid} class="emoji-grid">
        {choices.map((emoji) => (
          <button key={emoji} type="button" class="emoji-choice" aria-label={emoji} onClick={() => onPick(emoji)}>
            {emoji}
          </button>
        ))}
        {choices.length === 0 && <p class="emoji-none">{t('reaction.none')}</p>}
      </div>
    </fieldset>
  );
}
