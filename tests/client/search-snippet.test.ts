import { describe, expect, it } from 'vitest';
import { initialSearch, receiveResults } from '../../src/client/search.js';
import { snippet } from '../../src/client/search-snippet.js';

describe('search snippet', () => {
  it('splits the text into marked and plain parts', () => {
    expect(snippet('we deployed it', [[3, 11]])).toEqual([
      { text: 'we ', mark: false },
      { text: 'deployed', mark: true },
      { text: ' it', mark: false },
    ]);
  });

  it('cuts a long message around the first highlight and ignores ranges outside the text', () => {
    const content = `${'word '.repeat(100)}target ${'tail '.repeat(100)}`;
    const start = content.indexOf('target');
    const parts = snippet(
      content,
      [
        [start, start + 6],
        [9_000, 9_010],
      ],
      60,
    );
    expect(parts[0]).toEqual({ text: '…', mark: false });
    expect(parts.at(-1)).toEqual({ text: '…', mark: false });
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['target']);
    expect(parts.map((part) => part.text).join('').length).toBeLessThanOrEqual(62);
  });
});

describe('search results in the store', () => {
  const message = (id: number) => ({
    message_id: id,
    room_id: 1,
    seq: id,
    rev: id,
    user_id: 1,
    nickname: 'a',
    content: 'x',
    datetime: '2026-01-01T00:00:00Z',
  });
  it('keeps only the awaited answer and appends pages without repeats', () => {
    const waiting = { ...initialSearch, query: 'x', requestId: 'r2', status: 'loading' as const };
    expect(receiveResults(waiting, { request_id: 'r1', hits: [] })).toBe(waiting);
    const first = receiveResults(waiting, { request_id: 'r2', hits: [{ message: message(9), highlights: [] }], next_before: 'f9' });
    expect(first).toMatchObject({ status: 'done', nextBefore: 'f9', requestId: null });
    const more = receiveResults(
      { ...first, requestId: 'r3' },
      {
        request_id: 'r3',
        hits: [
          { message: message(9), highlights: [] },
          { message: message(4), highlights: [] },
        ],
      },
    );
    expect(more.hits.map((hit) => hit.message.message_id)).toEqual([9, 4]);
    expect(more.nextBefore).toBeNull();
  });
});
