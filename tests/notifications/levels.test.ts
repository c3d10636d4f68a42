import { describe, expect, it } from 'vitest';
import { type NotifyInput, shouldNotify } from '../../src/protocol/notifications.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const later = '2026-11-29T13:00:00.000Z';
const earlier = '2026-11-29T11:00:00.000Z';

describe('who a message interrupts (the rule the server and the page share)', () => {
  // room kind, level (null: default), mentioned, muted until, own → notify?
  const table: Array<[NotifyInput['roomKind'], NotifyInput['level'], boolean, string | null, boolean, boolean]> = [
    ['dm', null, false, null, false, true],
    ['group', null, false, null, false, true],
    ['public', null, false, null, false, false],
    ['public', null, true, null, false, true],
    ['private', null, false, null, false, false],
    ['private', null, true, null, false, true],
    ['public', 'all', false, null, false, true],
    ['private', 'all', false, null, false, true],
    ['dm', 'mentions', false, null, false, false],
    ['dm', 'mentions', true, null, false, true],
    ['dm', 'nothing', true, null, false, false],
    ['public', 'nothing', true, null, false, false],
    ['dm', null, false, later, false, false],
    ['dm', null, true, later, false, true],
    ['public', 'all', false, 'forever', false, false],
    ['public', 'all', true, 'forever', false, true],
    ['public', 'all', false, earlier, false, true],
    ['dm', null, false, null, true, false],
    ['public', 'all', true, null, true, false],
  ];
  it.each(table)(
    '%s room, level %s, mentioned %s, muted until %s, own %s → %s',
    (roomKind, level, mentioned, mutedUntil, own, expected) => {
      expect(shouldNotify({ roomKind, level, mentioned, mutedUntil, own }, NOW)).toBe(expected);
    },
  );
});
