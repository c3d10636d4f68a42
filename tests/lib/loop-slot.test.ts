import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoopSlot } from '../../src/lib/loop-slot.js';

const turn = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));
/** Continues inside an I/O callback's turn, as the server does when a socket or the database answers. */
const afterIo = () => new Promise<void>((resolve) => stat('.', () => resolve()));

describe('LoopSlot', () => {
  it('after I/O, runs a 0 ms callback on this turn of the loop, before a 0 ms timer, and a positive one after its delay', async () => {
    await afterIo();
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    const slot = new LoopSlot();
    slot.schedule(0, () => order.push('slot'));
    expect(slot.pending).toBe(true);
    await turn();
    expect(order).toEqual(['slot', 'timer']);
    expect(slot.pending).toBe(false);

    const started = performance.now();
    let ranAfter = -1;
    slot.schedule(20, () => {
      ranAfter = performance.now() - started;
    });
    await turn(40);
    expect(ranAfter).toBeGreaterThanOrEqual(19);
  });

  it('cancel stops either kind, and scheduling again replaces what was pending', async () => {
    const ran: string[] = [];
    const slot = new LoopSlot();
    slot.schedule(0, () => ran.push('immediate'));
    slot.cancel();
    slot.schedule(1, () => ran.push('timer'));
    slot.cancel();
    slot.schedule(1, () => ran.push('first'));
    slot.schedule(0, () => ran.push('second'));
    await turn(20);
    expect(ran).toEqual(['second']);
    expect(slot.pending).toBe(false);
  });
});
