/**
 * Highlight ranges for found messages, as [start, end) UTF-16 offsets into the content: the
 * client marks them up itself, so no HTML from the server ever reaches a page. Pure.
 */
export type Range = [number, number];

/** The fold the SQL side uses (search_fold): lower case, ё as е. */
export const foldText = (text: string) => text.toLowerCase().replaceAll('ё', 'е');

/** Words as the content shows them, with where they are. */
export function wordsOf(content: string): Array<{ word: string; start: number; end: number }> {
  return [...content.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** The lexemes a tsquery's text names: exact ones, and prefixes (`'lexeme':*`). */
export function tsqueryLexemes(text: string): { exact: Set<string>; prefixes: string[] } {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const match of text.matchAll(/'((?:[^']|'')*)'(:\*)?/g)) {
    const lexeme = (match[1] as string).replaceAll("''", "'");
    if (match[2]) prefixes.push(lexeme);
    else exact.add(lexeme);
  }
  return { exact, prefixes };
}

/** Words whose stems the query names (or that start with one of its prefixes, stemmed or as typed). */
export function fullTextRanges(
  content: string,
  query: { exact: Set<string>; prefixes: string[] },
  lexemesOf: (word: string) => string[],
  typedPrefixes: string[],
): Range[] {
  const typed = typedPrefixes.map(foldText);
  const ranges: Range[] = [];
  for (const { word, start, end } of wordsOf(content)) {
    const folded = foldText(word);
    const lexemes = lexemesOf(word);
    const hit =
      lexemes.some((lexeme) => query.exact.has(lexeme) || query.prefixes.some((prefix) => lexeme.startsWith(prefix))) ||
      typed.some((prefix) => folded.startsWith(prefix));
    if (hit) ranges.push([start, end]);
  }
  return ranges;
}

/** Every occurrence of each part, compared folded; overlapping or touching ranges merged. */
export function substringRanges(content: string, parts: string[]): Range[] {
  // Folding may change a character's length (İ → i̇): map each folded index back to the content.
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < content.length; ) {
    const char = String.fromCodePoint(content.codePointAt(i) as number);
    const fold = foldText(char);
    for (let k = 0; k < fold.length; k++) origin.push(i);
    folded += fold;
    i += char.length;
  }
  origin.push(content.length);
  const found: Range[] = [];
  for (const part of parts.map(foldText)) {
    if (part === '') continue;
    for (let at = folded.indexOf(part); at >= 0; at = folded.indexOf(part, at + 1)) {
      const last = origin[at + part.length - 1] as number;
      const end = last + String.fromCodePoint(content.codePointAt(last) as number).length;
      found.push([origin[at] as number, end]);
    }
  }
  return mergeRanges(found);
}

export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Links as has:link finds them (http:// or https:// and what follows up to white space). */
export function linkRanges(content: string): Range[] {
  return [...content.matchAll(/https?:\/\/\S+/giu)].map((match) => [match.index, match.index + match[0].length]);
}
