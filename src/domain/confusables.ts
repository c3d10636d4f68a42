/**
 * Confusable skeletons, in the spirit of UTS #39 (Unicode Security Mechanisms, section 4): two nicknames
 * whose skeletons are equal look alike on screen, so the second is refused. The skeleton is: NFKC (which
 * folds fullwidth forms, mathematical letters, ligatures and compatibility digits), invisible characters
 * removed, every look-alike mapped to its Latin prototype (before case folding, so "КАТЕ" in Cyrillic meets
 * "KATE", and again after), case folded, and a few multi-letter look-alikes ("rn" for "m") joined.
 *
 * The table covers the scripts that imitate Latin letters on every common font (Cyrillic, Greek, Latin's
 * own IPA and small capitals, digits that pass for letters, dash and bar look-alikes); it is not the whole
 * of confusables.txt. A Cyrillic name that merely resembles a Latin one is fine until the Latin one exists.
 */

const PAIRS: Array<[string, string]> = [
  // Cyrillic capitals and small letters that are drawn like Latin ones.
  ['АВЕКМНОРСТУХЅІЈԚԜ', 'ABEKMHOPCTYXSIJQW'],
  ['аеорсухѕіјһԁԛԝӏүԍ', 'aeopcyxsijhdqwlyg'],
  // Greek.
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', 'ABEZHIKMNOPTYX'],
  ['αοροςυικνχ', 'aopocuikvx'],
  // Latin look-alikes of Latin: dotless i, script g, small capitals, IPA letters.
  ['ıɡɑɩʟᴀʙᴄᴅᴇɢʜɪᴊᴋᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ', 'igailabcdeghijkmnoprstuvwyz'],
  // Digits and marks that pass for letters (UTS #39 maps 0 to o and 1, | and ǀ to l).
  ['01|ǀ', 'olll'],
  // Dashes and minus signs that are drawn as a hyphen.
  ['‐‑‒–—―−﹘', '--------'],
];

const MAP = new Map<string, string>();
for (const [from, to] of PAIRS) {
  const source = [...from];
  const target = [...to];
  if (source.length !== target.length) throw new Error(`confusables table: ${from} and ${to} differ in length`);
  for (const [index, char] of source.entries()) MAP.set(char, target[index] as string);
}

/** Letter sequences that look like one letter: "rn" reads as "m", "vv" as "w" (UTS #39 maps both). */
const SEQUENCES: Array<[string, string]> = [
  ['rn', 'm'],
  ['vv', 'w'],
];

// Default_Ignorable_Code_Point covers zero-width spaces and joiners, variation selectors, tags, the soft
// hyphen and the Hangul fillers; Cf the bidi controls. Nickname rules refuse them already; the skeleton
// drops them anyway so a stored name and a typed search compare alike.
const INVISIBLE_SOURCE = '[\\p{Default_Ignorable_Code_Point}\\p{Cf}\\p{Cc}]';
const UNICODE = 'gu';
const INVISIBLE = new RegExp(INVISIBLE_SOURCE, UNICODE);

const mapChars = (text: string) => Array.from(text, (char) => MAP.get(char) ?? char).join('');

export function skeleton(nickname: string): string {
  let text = nickname.normalize('NFKC').replace(INVISIBLE, '');
  text = mapChars(text).toLowerCase().normalize('NFKC');
  text = mapChars(text);
  for (const [from, to] of SEQUENCES) text = text.replaceAll(from, to);
  return text.trim().replace(/\s+/g, ' ');
}

/** Names nobody may sign up with: they would pass for the server speaking, or for a mention keyword. */
export const RESERVED_NICKNAMES = ['admin', 'administrator', 'system', 'moderator', 'root', 'support', 'everyone', 'room', 'here'];
const RESERVED_SKELETONS = new Set(RESERVED_NICKNAMES.map(skeleton));

export const isReserved = (nickname: string): boolean => RESERVED_SKELETONS.has(skeleton(nickname));

const MENTION_KEYWORDS = new Set(['everyone', 'room', 'here'].map(skeleton));

/** Names a mention would read as a keyword (@room): refused even to the admin CLI. */
export const isMentionKeyword = (nickname: string): boolean => MENTION_KEYWORDS.has(skeleton(nickname));
