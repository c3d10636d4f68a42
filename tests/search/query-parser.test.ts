import { describe, expect, it } from 'vitest';
import { linkRanges, substringRanges, tsqueryLexemes } from '../../src/domain/search-highlights.js';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { textMatch } from '../../src/domain/search-service.js';

const parsed = (input: string) => {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(result.problem);
  return result.query;
};

describe('search query parser', () => {
  it('reads words, phrases, exclusions, prefixes and operators', () => {
    const query = parsed(
      'дела "exact phrase" -spam -"bad words" deplo* from:@Anna in:#general before:2026-11-01 after:2026-10-01 has:link is:mention',
    );
    expect(query.terms).toEqual([
      { kind: 'word', text: 'дела', negated: false },
      { kind: 'phrase', text: 'exact phrase', negated: false },
      { kind: 'word', text: 'spam', negated: true },
      { kind: 'phrase', text: 'bad words', negated: true },
      { kind: 'prefix', text: 'deplo', negated: false },
    ]);
    expect(query).toMatchObject({ from: ['Anna'], in: ['general'], hasLink: true, isMention: true });
    expect(query.before?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(query.after?.toISOString()).toBe('2026-10-02T00:00:00.000Z');
  });

  it('takes a quoted operator value, and unknown operators and open quotes as plain words', () => {
    expect(parsed('in:"team room" x').in).toEqual(['team room']);
    expect(parsed('foo:bar "open quote').terms.map((term) => term.text)).toEqual(['foo:bar', 'open', 'quote']);
    expect(parsed('http://example.com').terms).toEqual([{ kind: 'word', text: 'http://example.com', negated: false }]);
  });

  it('names the problem of a malformed operator or an empty query', () => {
    for (const [input, problem] of [
      ['has:photo', 'has:'],
      ['is:starred', 'is:'],
      ['before:2026-02-30', 'before:'],
      ['after:soon', 'after:'],
      ['', 'no word'],
      ['!!! *** "" -', 'no word'],
      ['x'.repeat(1_001), 'over'],
      [Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '), 'at most'],
    ]) {
      const result = parseSearchQuery(input as string);
      expect(result.ok ? '' : result.problem, input?.slice(0, 20)).toContain(problem);
    }
  });

  it('builds prefixes from letters and digits only; the fallback keeps short words stemmed', () => {
    expect(textMatch(parsed("a'b:c* go").terms, 'f')).toMatchObject({ words: 'a b go', prefixes: ['c'] });
    expect(textMatch(parsed('приве ок "как дела" -x').terms, 's')).toMatchObject({
      words: 'ок',
      substrings: ['приве', 'как дела'],
      excluded: ['x'],
    });
  });
});

describe('highlight ranges', () => {
  it('reads the lexemes of a tsquery', () => {
    const lexemes = tsqueryLexemes("'дел' & 'deploy':* & ( 'it''s' <-> 'ok' )");
    expect([...lexemes.exact]).toEqual(['дел', "it's", 'ok']);
    expect(lexemes.prefixes).toEqual(['deploy']);
  });

  it('finds substrings case-insensitively with ё as е, in offsets of the original text', () => {
    const content = 'İx ЁЛКА и елка 🎄 ёлка';
    const ranges = substringRanges(content, ['елка']);
    expect(ranges.map(([start, end]) => content.slice(start, end))).toEqual(['ЁЛКА', 'елка', 'ёлка']);
  });

  it('marks links for has:link', () => {
    const content = 'see https://example.com/a?b=1 and http://x.org';
    expect(linkRanges(content).map(([start, end]) => content.slice(start, end))).toEqual(['https://example.com/a?b=1', 'http://x.org']);
  });
});
