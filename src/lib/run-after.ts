/**
 * Runs `task` after `delayMs`, or on the next turn of the event loop when the
 * delay is 0 or less (setTimeout would wait at least 1 ms). Returns a cancel.
 */
export function runAfter(delayMs: number, task: () => void): () => void {
  if (delayMs <= 0) {
    const immediate = setImmediate(task);
    return () => clearImmediate(immediate);
  }
  const timeout = setTimeout(task, delayMs);
  return () => clearTimeout(timeout);
}
