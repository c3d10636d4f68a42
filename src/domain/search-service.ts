import type { Kysely } from 'kysely';
import { SEARCH_DEFAULT_LIMIT, type SearchHit } from '../protocol/search.js';
import type { Database } from '../storage/schema.js';
import { highlightLexemes, type SearchFilter, searchMessages, type TextMatch } from '../storage/search.js';
import type { Actor } from './actor.js';
import { DomainError } from './errors.js';
import { presentMessages } from './message-views.js';
import { nicknameKey } from './nickname.js';
import { fullTextRanges, linkRanges, mergeRanges, substringRanges, tsqueryLexemes, wordsOf } from './search-highlights.js';
import { parseSearchQuery, type SearchQuery, type Term } from './search-query.js';

export interface SearchRequest {
  query: string;
  roomId?: number | undefined;
  limit?: number | undefined;
  /** The `next_before` of the previous page. */
  before?: string | undefined;
}

export interface SearchPage {
  hits: SearchHit[];
  nextBefore?: string;
}

type Mode = 'f' | 's';

/** A partial word this long or longer is looked for as a substring when no stem matched. */
export const SUBSTRING_MIN_LENGTH = 3;
/** Highlighting asks the database for the stems of at most this many distinct words per page. */
const HIGHLIGHT_MAX_WORDS = 2_000;

/** Leading and trailing punctuation is not part of what a substring must contain ("deplo," is "deplo"). */
const core = (text: string) => text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/**
 * The text part of a query for one mode: stemmed full text, or (the fallback) substrings for the
 * positive terms of SUBSTRING_MIN_LENGTH or more characters.
 */
export function textMatch(terms: Term[], mode: Mode): TextMatch {
  const text: TextMatch = { words: '', phrases: [], prefixes: [], excluded: [], excludedPhrases: [], substrings: [] };
  const words: string[] = [];
  for (const term of terms) {
    if (term.negated) {
      (term.kind === 'phrase' ? text.excludedPhrases : text.excluded).push(term.text);
    } else if (mode === 's' && [...core(term.text)].length >= SUBSTRING_MIN_LENGTH) {
      text.substrings.push(core(term.text));
    } else if (term.kind === 'phrase') {
      text.phrases.push(term.text);
    } else if (term.kind === 'prefix') {
      // tsquery syntax is never built from user text: only the last run of letters and digits is the prefix.
      const parts = term.text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const prefix = parts.pop();
      if (prefix) text.prefixes.push(prefix);
      words.push(...parts);
    } else {
      words.push(term.text);
    }
  }
  text.words = words.join(' ');
  return text;
}

const canFallBack = (query: SearchQuery) =>
  query.terms.some((term) => !term.negated && [...core(term.text)].length >= SUBSTRING_MIN_LENGTH);

/**
 * Search over the messages of every room the actor is a member of now (read from the database,
 * not the connection's cache), newest first, with highlight ranges.
 */
export class SearchService {
  constructor(private readonly db: Kysely<Database>) {}

  async search(actor: Actor, request: SearchRequest): Promise<SearchPage> {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) throw new DomainError('invalid_payload', parsed.problem);
    const { query } = parsed;
    const cursor = request.before === undefined ? undefined : { mode: request.before[0] as Mode, id: Number(request.before.slice(1)) };
    const base: Omit<SearchFilter, 'text'> = {
      userId: actor.userId,
      roomId: request.roomId,
      roomRefs: query.in,
      fromKeys: query.from.map(nicknameKey),
      before: query.before,
      after: query.after,
      hasLink: query.hasLink,
      isMention: query.isMention,
      beforeId: cursor?.id,
      limit: request.limit ?? SEARCH_DEFAULT_LIMIT,
    };
    let mode: Mode = cursor?.mode ?? 'f';
    let text = textMatch(query.terms, mode);
    let page = await searchMessages(this.db, { ...base, text });
    // No stem matched anything at all (a first page came back empty): look for the words inside words.
    if (!cursor && mode === 'f' && page.rows.length === 0 && canFallBack(query)) {
      mode = 's';
      text = textMatch(query.terms, mode);
      page = await searchMessages(this.db, { ...base, text });
    }
    const messages = await presentMessages(this.db, page.rows);
    const highlights = await this.highlights(
      messages.map((message) => message.content),
      text,
      query.terms.filter((term) => !term.negated).map((term) => core(term.text)),
      query.hasLink,
    );
    const hits = messages.map((message, i) => ({ message, highlights: highlights[i] ?? [] }));
    const last = page.rows.at(-1);
    return page.hasMore && last ? { hits, nextBefore: `${mode}${last.id}` } : { hits };
  }

  private async highlights(contents: string[], text: TextMatch, typed: string[], links: boolean): Promise<Array<Array<[number, number]>>> {
    const words = [...new Set(contents.flatMap((content) => wordsOf(content).map(({ word }) => word)))].slice(0, HIGHLIGHT_MAX_WORDS);
    const stems = await highlightLexemes(this.db, text, words);
    const query = tsqueryLexemes(stems.query);
    return contents.map((content) => {
      const ranges = [
        ...fullTextRanges(content, query, (word) => stems.words.get(word) ?? [], text.prefixes),
        ...substringRanges(content, text.substrings),
        ...(links ? linkRanges(content) : []),
      ];
      // A token the parser keeps whole (a host, a version, an address) has no word of its own to mark: mark it as typed.
      return ranges.length > 0 ? mergeRanges(ranges) : substringRanges(content, typed);
    });
  }
}
