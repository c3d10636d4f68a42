import { avatarColour, initial } from '../format.js';

export function Avatar({ nickname }: { nickname: string }) {
  return (
    <span class="avatar" aria-hidden="true" style={{ backgroundColor: avatarColour(nickname) }}>
      {initial(nickname)}
    </span>
  );
}
