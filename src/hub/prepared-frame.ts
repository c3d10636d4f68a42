import { createRequire } from 'node:module';

// ws's Sender.frame builds the wire bytes of a frame; @types/ws does not declare it.
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[] };
};

const TEXT_OPCODE = 1;

/**
 * A text frame framed once (RFC 6455 §5.2: server frames are unmasked, so the
 * bytes are the same for every client) and written as is to every socket:
 * fan-out then costs one write per socket, not a framing, an allocation and
 * a copy per socket.
 */
export class PreparedFrame {
  readonly bytes: Buffer;

  constructor(readonly text: string) {
    this.bytes = Buffer.concat(
      Sender.frame(Buffer.from(text), { fin: true, rsv1: false, opcode: TEXT_OPCODE, mask: false, readOnly: false }),
    );
  }

  /** Several frames as one buffer, so a tick's frames reach a socket in one write. */
  static join(frames: PreparedFrame[]): Buffer {
    return frames.length === 1 ? (frames[0] as PreparedFrame).bytes : Buffer.concat(frames.map((frame) => frame.bytes));
  }
}
