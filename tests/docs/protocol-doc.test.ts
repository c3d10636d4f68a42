import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientKinds } from '../../src/protocol/client-frames.js';
import { decodeClientFrame } from '../../src/protocol/decode.js';
import { CLOSE_CODES, errorCodes } from '../../src/protocol/errors.js';
import { serverKinds } from '../../src/protocol/server-events.js';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (match) => JSON.parse(match[1] as string) as { kind: string; payload: unknown },
);

describe('docs/protocol.md stays in step with the code', () => {
  it('documents every client kind with an example the server accepts', () => {
    for (const kind of clientKinds) {
      const example = examples.find((frame) => frame.kind === kind);
      expect(example, `no example frame for client kind ${kind}`).toBeDefined();
      const decoded = decodeClientFrame(JSON.stringify(example));
      expect(decoded.ok, `example for ${kind} is rejected: ${JSON.stringify(decoded)}`).toBe(true);
      expect(doc).toContain(`### \`${kind}\``);
    }
  });

  it('documents every server kind with an example frame, and no kind the code lacks', () => {
    for (const kind of serverKinds) {
      expect(
        examples.some((frame) => frame.kind === kind),
        `no example frame for server kind ${kind}`,
      ).toBe(true);
    }
    const known = new Set<string>([...clientKinds, ...serverKinds]);
    for (const frame of examples) expect(known.has(frame.kind), `doc shows unknown kind ${frame.kind}`).toBe(true);
  });

  it('lists exactly the error codes the code defines', () => {
    const table = doc.slice(doc.indexOf('## Error codes'), doc.indexOf('## Close codes'));
    const documented = [...table.matchAll(/^\|\s*`([a-z_]+)`\s*\|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...errorCodes].sort());
  });

  it('lists every close code the server uses', () => {
    const table = doc.slice(doc.indexOf('## Close codes'));
    for (const code of Object.values(CLOSE_CODES)) expect(table).toMatch(new RegExp(`^\\|\\s*${code}\\s*\\|`, 'm'));
  });
});
