import type { RoomMemberRef } from '../../protocol/rooms.js';

function sentence(names: string[]): string {
  const [first, second, third] = names;
  if (first === undefined) return '';
  if (second === undefined) return `${first} is typing…`;
  if (third === undefined) return `${first} and ${second} are typing…`;
  if (names.length === 3) return `${first}, ${second} and ${third} are typing…`;
  return 'Several people are typing…';
}

/** Under the message list; always one line tall, so the list does not jump when someone starts typing. */
export function TypingIndicator({ users }: { users: RoomMemberRef[] }) {
  return (
    <p class="typing" aria-live="polite">
      {sentence(users.map((user) => user.nickname))}
    </p>
  );
}
