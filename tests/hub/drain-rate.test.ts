import { describe, expect, it } from 'vitest';
import { DrainRate } from '../../src/hub/drain-rate.js';

describe('the pace at which refused sign-ins are given appointments', () => {
  it('stays optimistic before enough completions were measured, however slow the first sign-ins were', () => {
    const rate = new DrainRate(20);
    // The first instants of a storm: a few sign-ins, each slowed to a second by thousands of handshakes.
    for (let i = 0; i < 10; i++) rate.finished(1_000, i);
    // 10 000 refused now would otherwise be spread 50 ms apart, over minutes; at 1 ms they return within 10 s.
    expect(rate.intervalMs(10)).toBeLessThanOrEqual(1);
  });

  it('follows the measured completions once there are enough of them', () => {
    const rate = new DrainRate(20);
    // 350 completions a second for two seconds, each having taken 60 ms inside the gate.
    for (let i = 0; i < 700; i++) rate.finished(60, 1_000 + (i * 2_000) / 700);
    expect(rate.intervalMs(3_000)).toBeCloseTo(2_000 / 700, 1);
    // Two seconds of silence later nothing is measured any more: the optimistic guess again.
    expect(rate.intervalMs(6_000)).toBeLessThanOrEqual(3);
  });
});
