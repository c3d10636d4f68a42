import { describe, expect, it } from 'vitest';
import { AdaptiveTick } from '../../src/hub/adaptive-tick.js';

describe('the fan-out tick adapts to how long flushes take', () => {
  it('stays at the minimum while flushes are cheap (quiet rooms get no added latency)', () => {
    const tick = new AdaptiveTick(5, 25);
    for (let i = 0; i < 50; i++) tick.observe(0.3, 5);
    expect(tick.ms).toBe(5);
  });

  it('grows while flushes are busy, up to the maximum, and comes back when they are cheap again', () => {
    const tick = new AdaptiveTick(5, 25);
    // 3 ms flushes: a 15 ms tick keeps them at a fifth of the time.
    for (let i = 0; i < 30; i++) tick.observe(3, tick.ms);
    expect(tick.ms).toBeCloseTo(15, 1);
    for (let i = 0; i < 30; i++) tick.observe(40, tick.ms);
    expect(tick.ms).toBeCloseTo(25, 1);
    for (let i = 0; i < 30; i++) tick.observe(0.1, tick.ms);
    expect(tick.ms).toBeCloseTo(5, 1);
  });

  it('one slow flush moves it a third of the way, not all of it', () => {
    const tick = new AdaptiveTick(5, 25);
    tick.observe(100, 5);
    expect(tick.ms).toBeCloseTo(5 + 20 / 3, 5);
  });

  it('a long flush after a quiet spell (a big room, one message) does not lengthen it', () => {
    const tick = new AdaptiveTick(5, 25);
    for (let i = 0; i < 30; i++) tick.observe(4, 200);
    expect(tick.ms).toBe(5);
  });

  it('is fixed when the maximum is not above the minimum', () => {
    const tick = new AdaptiveTick(5, 5);
    tick.observe(100, 5);
    expect(tick.ms).toBe(5);
  });
});
