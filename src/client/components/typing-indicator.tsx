import type { RoomMemberRef } from '../../protocol/rooms.js';
import { t } from '../i18n/translate.js';
import { countRender } from '../render-count.js';
import { useSelector } from '../use-chat.js';

const NOBODY: RoomMemberRef[] = [];

function sentence(names: string[]): string {
  const [first, second, third] = names;
  if (first === undefined) return '';
  if (second === undefined) return t('typing.one', { name: first });
  if (third === undefined) return t('typing.two', { first, second });
  if (names.length === 3) return t('typing.three', { first, second, third });
  return t('typing.several');
}

/**
 * Under the message list; always one line tall, so the list does not jump when someone starts typing.
 * The only component a `typing` frame re-renders. Not a live region: screen readers are not told of every keystroke.
 */
export function TypingIndicator({ roomId }: { roomId: number }) {
  countRender('TypingIndicator');
  const users = useSelector((state) => state.typing[roomId] ?? NOBODY);
  return <p class="typing">{sentence(users.map((user) => user.nickname))}</p>;
}
