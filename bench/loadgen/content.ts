/**
 * Chat message content used by the bench: 64 characters that carry what a
 * receiver needs, at fixed offsets so it is read straight from the frame's
 * bytes without JSON parsing:
 *
 *   SSSS.ssss.nnnnnnnn.tttttttttttttttt.xxxxxxxxxxxxxxxxxxxxxxxxxxxx
 *   step  sender  n      send time (µs, CLOCK_MONOTONIC)    padding
 */
export const CONTENT_LENGTH = 64;
export const CONTENT_MARK = Buffer.from('"content":"');
const MARK_LENGTH = CONTENT_MARK.length;
/** Bytes of the content that carry fields: the next search starts after them. */
const FIELDS_LENGTH = 36;

const pad = (value: number, width: number) => String(Math.floor(value)).padStart(width, '0').slice(-width);

export function makeContent(step: number, sender: number, n: number, sentAtMicros: number): string {
  return `${pad(step, 4)}.${pad(sender, 4)}.${pad(n, 8)}.${pad(sentAtMicros, 16)}.`.padEnd(CONTENT_LENGTH, 'x');
}

function digits(data: Buffer, offset: number, width: number): number {
  let value = 0;
  for (let index = offset; index < offset + width; index++) value = value * 10 + ((data[index] as number) - 48);
  return value;
}

export type ContentVisitor = (step: number, sender: number, n: number, sentAtMicros: number) => void;

/** Calls `visit` for every bench message in a frame; returns how many it found. */
export function scanFrame(data: Buffer, visit: ContentVisitor): number {
  let found = 0;
  let at = data.indexOf(CONTENT_MARK);
  while (at !== -1) {
    const offset = at + MARK_LENGTH;
    if (offset + FIELDS_LENGTH > data.length) break;
    visit(digits(data, offset, 4), digits(data, offset + 5, 4), digits(data, offset + 10, 8), digits(data, offset + 19, 16));
    found += 1;
    at = data.indexOf(CONTENT_MARK, offset + FIELDS_LENGTH);
  }
  return found;
}
