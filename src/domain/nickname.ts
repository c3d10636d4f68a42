import { DomainError } from './errors.js';

export const NICKNAME_MAX_LENGTH = 32;

// Control, format (zero-width, bidi overrides), unassigned, private-use and line/paragraph
// separators, plus letters that render as blank space (Hangul fillers, braille blank).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;
const NON_SPACE_WHITESPACE = /[^\S ]/u;

export interface Nickname {
  /** What others see: the trimmed input. */
  display: string;
  /** What uniqueness is judged by: NFKC, then case-folded, so "Anna" and "ａｎｎａ" collide. */
  key: string;
}

export function nicknameKey(display: string): string {
  return display.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Checks the nickname rules; throws `invalid_nickname` with the rule that failed. */
export function checkNickname(input: string): Nickname {
  const display = input.trim();
  const length = [...display].length;
  if (length < 1 || length > NICKNAME_MAX_LENGTH) {
    throw new DomainError('invalid_nickname', `nickname must be 1 to ${NICKNAME_MAX_LENGTH} characters`);
  }
  if (INVISIBLE.test(display) || NON_SPACE_WHITESPACE.test(display)) {
    throw new DomainError('invalid_nickname', 'nickname must not contain control, invisible or non-space whitespace characters');
  }
  const key = nicknameKey(display);
  if (key.trim().length === 0) throw new DomainError('invalid_nickname', 'nickname must not be blank');
  return { display, key };
}
