import { avatarHue, initial } from '../format.js';

/** The first letter on a colour of its own (avatar-0 … avatar-7 in base.css, readable in both themes). */
export function Avatar({ nickname }: { nickname: string }) {
  return (
    <span class={`avatar avatar-${avatarHue(nickname)}`} aria-hidden="true">
      {initial(nickname)}
    </span>
  );
}
