import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClientFrame } from '../../src/protocol/decode.js';
import type { ServerFrame } from '../../src/protocol/server-events.js';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';
import { frameText } from './lib/frame-arbitraries.js';
import { currentScale } from './lib/scale.js';

const frames = currentScale().fuzz.socketFrames;
const store = (await availableStores()).includes('postgres') ? 'postgres' : 'pglite';
/**
 * Not sent: kinds that end the session (tested elsewhere), and push subscriptions, whose mutated
 * endpoints could name real hosts the server would then push to.
 */
const NOT_SENT = new Set(['signout', 'disconnect', 'push_subscribe']);
/** These may answer nothing: `read` that moves no marker, `typing`. */
const MAY_BE_SILENT = new Set(['read', 'typing']);

/** Gives the frame a request_id we can match (or none), so every answer can be attributed to it. */
function withRequestId(text: string, requestId: string | undefined): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const payload = (value as { payload?: unknown } | null)?.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return text;
  const copy = { ...(payload as Record<string, unknown>) };
  delete copy.request_id;
  if (requestId !== undefined) copy.request_id = requestId;
  return JSON.stringify({ ...(value as object), payload: copy });
}

const requestIdOf = (frame: ServerFrame) => (frame.payload as { request_id?: string }).request_id;

describe(`a real server socket under ${frames} fuzzed frames (${store})`, () => {
  const server = useServer(store);

  it('answers each exactly once where the kind answers, and stays up', async () => {
    const client = await (await TestClient.connect(server().wsUrl)).signup();
    const expectations: Array<{ requestId: string; kind: string; exactlyOne: boolean }> = [];
    const texts = fc.sample(frameText, { numRuns: frames, seed: 13 });
    for (const [index, raw] of texts.entries()) {
      // One in five without a request_id, but only where the decoder refuses it: a handler's later error for a
      // request without one could not be told apart from the next frame's.
      const bare = withRequestId(raw, undefined);
      const text = index % 5 === 0 && !decodeClientFrame(bare).ok ? bare : withRequestId(raw, `z${index}`);
      const decoded = decodeClientFrame(text);
      if (decoded.ok && NOT_SENT.has(decoded.frame.kind)) continue;
      const mark = client.frames.length;
      client.sendRaw(text);
      await client.expectReply('ping', {}, 'pong');
      // Frames without a request_id that answer this one: only the decoder's error for a frame it could not read one from.
      const unattributed = client.frames.slice(mark).filter((frame) => frame.kind === 'error' && requestIdOf(frame) === undefined);
      const decoderErrorWithoutId = !decoded.ok && decoded.error.requestId === undefined;
      expect(unattributed.length, text).toBe(decoderErrorWithoutId ? 1 : 0);
      const answeredId = decoded.ok ? decoded.frame.requestId : decoded.error.requestId;
      if (answeredId !== undefined) {
        const kind = decoded.ok ? decoded.frame.kind : 'error';
        expectations.push({ requestId: answeredId, kind, exactlyOne: !MAY_BE_SILENT.has(kind) });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const answers = new Map<string, number>();
    for (const frame of client.frames) {
      const id = requestIdOf(frame);
      if (id !== undefined) answers.set(id, (answers.get(id) ?? 0) + 1);
    }
    const wrong = expectations.filter(({ requestId, exactlyOne }) => {
      const count = answers.get(requestId) ?? 0;
      return exactlyOne ? count !== 1 : count > 1;
    });
    expect(wrong.map((w) => `${w.kind} ${w.requestId}: ${answers.get(w.requestId) ?? 0} answers`)).toEqual([]);
    expect(client.closed).toBeUndefined();
    expect((await fetch(`${server().url}/health`)).status).toBe(200);
  }, 240_000);
});
