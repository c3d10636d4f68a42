/**
 * At most one pending callback, run either by a timer or on the loop's check phase (setImmediate),
 * and cancelled the same way whichever it is. The difference matters on a busy loop: a timer of 0
 * still waits for the next timers phase (at least 1 ms), an immediate runs right after the current
 * poll phase, once the I/O that was ready has been read.
 */
export class LoopSlot {
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  get pending(): boolean {
    return this.timeout !== undefined || this.immediate !== undefined;
  }

  /** Runs `run` after `ms`, or after the current poll phase when `ms` is 0 or less; replaces what was pending. */
  schedule(ms: number, run: () => void): void {
    this.cancel();
    if (ms > 0) {
      this.timeout = setTimeout(() => {
        this.timeout = undefined;
        run();
      }, ms);
    } else {
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        run();
      });
    }
  }

  cancel(): void {
    clearTimeout(this.timeout);
    clearImmediate(this.immediate);
    this.timeout = undefined;
    this.immediate = undefined;
  }
}
