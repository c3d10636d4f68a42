import type { ChatMessage } from './message.js';

/** Longer queries are refused with `invalid_payload`: nobody types them, and each word is work. */
export const SEARCH_QUERY_MAX_LENGTH = 1_000;
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_DEFAULT_LIMIT = 20;
/** A results cursor: the mode (f: full text, s: substring fallback) and the last message id given. */
export const SEARCH_CURSOR = /^[fs][1-9]\d{0,14}$/;

/**
 * One found message. `highlights` are [start, end) ranges in `message.content`, in UTF-16 code
 * units (JavaScript string indices), sorted and not overlapping: the client marks them up itself.
 */
export interface SearchHit {
  message: ChatMessage;
  highlights: Array<[number, number]>;
}
