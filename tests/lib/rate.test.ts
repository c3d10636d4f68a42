import { describe, expect, it } from 'vitest';
import { addressBucket } from '../../src/lib/address.js';
import { WindowCounter } from '../../src/lib/rate.js';

const MINUTE = 60_000;

/** Records failures for `key` from `start` until the counter refuses; returns how many were allowed and when the brake lifts. */
function exhaust(counter: WindowCounter, key: string, start: number) {
  let allowed = 0;
  while (counter.allows(key, start)) {
    counter.record(key, start);
    allowed += 1;
  }
  let liftsAt = start;
  while (!counter.allows(key, liftsAt)) liftsAt += 1_000;
  return { allowed, waitMs: liftsAt - start };
}

describe('WindowCounter with a growing brake', () => {
  it('doubles the window each time a key reaches its limit again, up to the maximum', () => {
    const counter = new WindowCounter(3, MINUTE, 8 * MINUTE);
    let now = 0;
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      const { allowed, waitMs } = exhaust(counter, 'guesser', now);
      expect(allowed).toBe(3);
      waits.push(waitMs);
      now += waitMs;
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8].map((minutes) => minutes * MINUTE));
  });

  it('eases the brake only after a quiet spell as long as a window, and forgets a key quiet for the maximum', () => {
    const counter = new WindowCounter(3, MINUTE, 16 * MINUTE);
    let now = 0;
    for (let round = 0; round < 3; round++) now += exhaust(counter, 'k', now).waitMs; // windows of 1, 2 and 4 minutes
    counter.record('k', now); // an 8-minute window, kept under the limit
    now += 8 * MINUTE;
    counter.record('k', now); // straight on, still under the limit: the brake stays
    now += 8 * MINUTE + 8 * MINUTE; // then a quiet 8 minutes
    expect(exhaust(counter, 'k', now).waitMs).toBe(4 * MINUTE);
    now += 4 * MINUTE + 16 * MINUTE;
    expect(exhaust(counter, 'k', now).waitMs).toBe(MINUTE);
    expect(exhaust(counter, 'other', now).waitMs).toBe(MINUTE);
  });

  it('keeps fixed windows without a maximum', () => {
    const counter = new WindowCounter(2, MINUTE);
    expect(exhaust(counter, 'k', 0).waitMs).toBe(MINUTE);
    expect(exhaust(counter, 'k', MINUTE).waitMs).toBe(MINUTE);
  });
});

describe('addressBucket', () => {
  it('counts IPv4 one address at a time, also when mapped into IPv6', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 by its /64, however it is written', () => {
    const bucket = '2001:db8:0:1::/64';
    expect(addressBucket('2001:db8:0:1::1')).toBe(bucket);
    expect(addressBucket('2001:0db8:0000:0001:abcd:ef01:2345:6789')).toBe(bucket);
    expect(addressBucket('2001:db8::1:0:0:0:5')).toBe(bucket);
    expect(addressBucket('2001:db8:0:2::1')).not.toBe(bucket);
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
