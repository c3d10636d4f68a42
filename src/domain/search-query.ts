import { SEARCH_QUERY_MAX_LENGTH } from '../protocol/search.js';

/**
 * The search query language, parsed into data (never into SQL text): words, "exact phrases",
 * -excluded, prefix*, and the operators from:, in:, before:, after:, has:link, is:mention.
 * Pure: the storage layer turns the result into bound parameters.
 */

export type TermKind = 'word' | 'phrase' | 'prefix';

export interface Term {
  kind: TermKind;
  /** As typed (a phrase without its quotes, a prefix without its stars). */
  text: string;
  negated: boolean;
}

export interface SearchQuery {
  terms: Term[];
  /** Nicknames (any of them). */
  from: string[];
  /** Room names or ids (any of them). */
  in: string[];
  /** Messages sent before the start of this UTC day. */
  before?: Date;
  /** Messages sent from this instant on: the start of the UTC day after the one named in after:. */
  after?: Date;
  hasLink: boolean;
  isMention: boolean;
}

export type ParseResult = { ok: true; query: SearchQuery } | { ok: false; problem: string };

export const SEARCH_MAX_TERMS = 32;

const OPERATORS = ['from', 'in', 'before', 'after', 'has', 'is'] as const;
type Operator = (typeof OPERATORS)[number];
const isOperator = (name: string): name is Operator => (OPERATORS as readonly string[]).includes(name);

/** A term is searchable only if it has a letter or a digit: `!!!` or `:*` alone would match nothing. */
export const hasWordCharacter = (text: string) => /[\p{L}\p{N}]/u.test(text);

/** `2026-11-01` (or a full ISO date-time, taken by its UTC day). */
function parseDay(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!match) return undefined;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Date.UTC rolls 2026-02-31 over into March: a day that does not exist is refused, not moved.
  if (day.getUTCDate() !== Number(match[3]) || day.getUTCMonth() !== Number(match[2]) - 1) return undefined;
  return day;
}

interface Token {
  text: string;
  quoted: boolean;
  negated: boolean;
}

/** Splits on white space; `"…"` is one token; a quote left open is dropped and its words read as words. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/u.test(input.charAt(i))) i++;
    if (i >= input.length) break;
    let negated = false;
    if (input[i] === '-' && i + 1 < input.length && !/\s/u.test(input.charAt(i + 1))) {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close >= 0) {
        tokens.push({ text: input.slice(i + 1, close), quoted: true, negated });
        i = close + 1;
        continue;
      }
      i++;
      continue;
    }
    let end = i;
    // An operator's value may be quoted: in:"team room".
    const operator = /^([a-z]+):"/i.exec(input.slice(i, i + 10));
    if (operator && isOperator((operator[1] as string).toLowerCase())) {
      const close = input.indexOf('"', i + operator[0].length);
      if (close >= 0) {
        tokens.push({ text: `${operator[1]}:${input.slice(i + operator[0].length, close)}`, quoted: false, negated });
        i = close + 1;
        continue;
      }
    }
    while (end < input.length && !/\s/u.test(input.charAt(end)) && input[end] !== '"') end++;
    tokens.push({ text: input.slice(i, end), quoted: false, negated });
    i = end;
  }
  return tokens;
}

export function parseSearchQuery(input: string): ParseResult {
  if (input.length > SEARCH_QUERY_MAX_LENGTH) return { ok: false, problem: `query is over ${SEARCH_QUERY_MAX_LENGTH} characters` };
  const query: SearchQuery = { terms: [], from: [], in: [], hasLink: false, isMention: false };
  for (const token of tokenize(input)) {
    if (token.quoted) {
      if (hasWordCharacter(token.text)) query.terms.push({ kind: 'phrase', text: token.text, negated: token.negated });
      continue;
    }
    const colon = token.text.indexOf(':');
    const name = colon > 0 ? token.text.slice(0, colon).toLowerCase() : '';
    const value = token.text.slice(colon + 1);
    if (isOperator(name) && value !== '' && !token.negated) {
      const problem = applyOperator(query, name, value);
      if (problem) return { ok: false, problem };
      continue;
    }
    const prefix = /^(.*?)\*+$/su.exec(token.text);
    const text = prefix ? (prefix[1] as string) : token.text;
    if (!hasWordCharacter(text)) continue;
    query.terms.push({ kind: prefix ? 'prefix' : 'word', text, negated: token.negated });
  }
  if (query.terms.length > SEARCH_MAX_TERMS) return { ok: false, problem: `at most ${SEARCH_MAX_TERMS} words and phrases` };
  const filters = query.from.length + query.in.length + (query.before || query.after || query.hasLink || query.isMention ? 1 : 0);
  if (query.terms.length === 0 && filters === 0) return { ok: false, problem: 'the query has no word to search for' };
  return { ok: true, query };
}

/** Applies one operator; returns the problem when its value is not one it takes. */
function applyOperator(query: SearchQuery, name: Operator, value: string): string | undefined {
  switch (name) {
    case 'from':
      query.from.push(value.replace(/^@/, ''));
      return;
    case 'in':
      query.in.push(value.replace(/^#/, ''));
      return;
    case 'before':
    case 'after': {
      const day = parseDay(value);
      if (!day) return `${name}: takes a date such as 2026-11-01, not "${value.slice(0, 40)}"`;
      query[name] = name === 'after' ? new Date(day.getTime() + 86_400_000) : day;
      return;
    }
    case 'has':
      if (value.toLowerCase() !== 'link') return `has: takes "link", not "${value.slice(0, 40)}"`;
      query.hasLink = true;
      return;
    case 'is':
      if (value.toLowerCase() !== 'mention') return `is: takes "mention", not "${value.slice(0, 40)}"`;
      query.isMention = true;
  }
}
