import { isReserved, skeleton } from './confusables.js';
import { DomainError } from './errors.js';

export const NICKNAME_MAX_LENGTH = 32;

// Control, format (zero-width, bidi overrides), unassigned, private-use and line/paragraph
// separators; every Default_Ignorable_Code_Point (combining grapheme joiner, variation
// selectors, Mongolian free variation selectors, tag characters: marks a font draws as
// nothing, so "anna" plus one of them looks exactly like "anna"); plus letters that render
// as blank space (Hangul fillers, braille blank).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0\u2800]/u;
const NON_SPACE_WHITESPACE = /[^\S ]/u;
const COMBINING_MARK = /\p{M}/u;
/**
 * Bases that must not carry a combining mark after NFC. Latin, Greek and Cyrillic have a
 * precomposed letter for every accent in normal use, so NFC leaves no mark behind on a real
 * name; a mark that survives is stacked or drawn over a letter to imitate another nickname.
 * Common-script characters (digits, punctuation, spaces, symbols) never need one either.
 * Scripts that write vowels and points as marks (Devanagari, Thai, Arabic, Hebrew…) are not
 * listed and keep them. The price: the rare Latin sequences with no precomposed form (Yoruba
 * ẹ́, Lithuanian į̃) must be typed without the extra accent.
 * Look-alike letters across scripts (Cyrillic а, Greek Α, dotless ı) are a different rule:
 * the confusables skeleton (confusables.ts), checked against the other accounts; they pass here.
 */
const BASE_WITHOUT_MARKS = /[\p{scx=Latin}\p{scx=Greek}\p{scx=Cyrillic}\p{scx=Common}]/u;

export interface Nickname {
  /** What others see: the trimmed input in NFC, so one accented letter is one code point. */
  display: string;
  /** What sign-in looks accounts up by: NFKC, then case-folded, so "Anna" and "ａｎｎａ" are one account. */
  key: string;
  /** What impersonation is judged by (confusables.ts): "аdmin" with a Cyrillic а and "admin" share one. */
  skeleton: string;
}

export function nicknameKey(display: string): string {
  return display.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Checks the nickname rules; throws `invalid_nickname` with the rule that failed. */
export function checkNickname(input: string): Nickname {
  const display = input.trim().normalize('NFC');
  const length = [...display].length;
  if (length < 1 || length > NICKNAME_MAX_LENGTH) {
    throw new DomainError('invalid_nickname', `nickname must be 1 to ${NICKNAME_MAX_LENGTH} characters`);
  }
  if (INVISIBLE.test(display) || NON_SPACE_WHITESPACE.test(display)) {
    throw new DomainError('invalid_nickname', 'nickname must not contain control, invisible or non-space whitespace characters');
  }
  if (hasStrayMark(display)) {
    throw new DomainError(
      'invalid_nickname',
      'nickname must not put a combining mark on a Latin, Greek or Cyrillic letter, a digit, a space or a symbol; type the accented letter itself',
    );
  }
  const key = nicknameKey(display);
  if (key.trim().length === 0) throw new DomainError('invalid_nickname', 'nickname must not be blank');
  return { display, key, skeleton: skeleton(display) };
}

/** The rules for a new account's name: checkNickname, and none that passes for a reserved name. */
export function checkNewNickname(input: string): Nickname {
  const nickname = checkNickname(input);
  if (isReserved(nickname.display))
    throw new DomainError('invalid_nickname', 'this nickname is reserved (it would pass for the server or a mention)');
  return nickname;
}

/** A combining mark with no base, or on a base whose script composes its accents (see BASE_WITHOUT_MARKS). */
function hasStrayMark(text: string): boolean {
  let base: string | undefined;
  for (const char of text) {
    if (!COMBINING_MARK.test(char)) base = char;
    else if (base === undefined || BASE_WITHOUT_MARKS.test(base)) return true;
  }
  return false;
}
