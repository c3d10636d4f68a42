import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientKinds, clientPayloadSchemas } from '../../src/protocol/client-frames.js';
import { decodeClientFrame } from '../../src/protocol/decode.js';
import { errorCodes } from '../../src/protocol/errors.js';
import { inThisRun } from './lib/awaiting-fix.js';
import { frameText } from './lib/frame-arbitraries.js';
import { currentScale } from './lib/scale.js';

const runs = currentScale().fuzz.decoderRuns;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string a decoded payload holds, however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return [...Object.keys(value), ...Object.values(value).flatMap(stringsIn)];
}

describe('the frame decoder under fast-check', () => {
  it(`answers each of ${runs} random and mutated frames with exactly one valid request or one error, never an exception`, () => {
    fc.assert(
      fc.property(frameText, (text) => {
        const result = decodeClientFrame(text);
        if (result.ok) {
          expect(clientKinds).toContain(result.frame.kind);
          // What comes out is a request the schema accepts as it is.
          expect(clientPayloadSchemas[result.frame.kind].safeParse(result.frame.payload).success).toBe(true);
          expect('error' in result).toBe(false);
        } else {
          expect(errorCodes).toContain(result.error.code);
          expect(result.error.message.length).toBeGreaterThan(0);
          if (result.error.requestId !== undefined) expect(result.error.requestId.length).toBeLessThanOrEqual(64);
          expect('frame' in result).toBe(false);
        }
      }),
      { numRuns: runs },
    );
  });

  it.runIf(inThisRun('decoder-well-formed'))('lets no text that is not well-formed Unicode through (lone surrogates)', () => {
    fc.assert(
      fc.property(frameText, (text) => {
        const result = decodeClientFrame(text);
        if (result.ok) expect(stringsIn(result.frame.payload).filter((s) => LONE_SURROGATE.test(s))).toEqual([]);
      }),
      { numRuns: runs },
    );
  });
});
