/** Progress lines on stderr (kept apart from anything a caller might parse on stdout). */
const started = performance.now();

const stamp = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s`;

export function log(line: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${stamp()} ${line}\n`);
}

/** A line that the next one replaces on a terminal; a plain line elsewhere. */
export function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${stamp()} ${line}`);
  else process.stderr.write(`${stamp()} ${line}\n`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
