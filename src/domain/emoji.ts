import { MAX_EMOJI_BYTES } from '../protocol/message.js';
import { DomainError } from './errors.js';

// Built at run time: the `v` flag (Unicode sets, needed for RGI_Emoji) is newer than the compile target.
const UNICODE_SETS = 'v';
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', UNICODE_SETS);
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

/**
 * One emoji, as a reaction: a single recommended emoji sequence (flags,
 * skin tones and ZWJ families included) of at most MAX_EMOJI_BYTES. A
 * pictograph sent in its text form (❤ without U+FE0F) is stored in its
 * emoji form, so ❤ and ❤️ are one reaction.
 */
export function checkEmoji(input: string): string {
  const emoji = !RGI_EMOJI.test(input) && PICTOGRAPH.test(input) ? `${input}\uFE0F` : input;
  if (!RGI_EMOJI.test(emoji) || Buffer.byteLength(emoji) > MAX_EMOJI_BYTES) {
    throw new DomainError('invalid_payload', 'a reaction is one emoji');
  }
  return emoji;
}
