import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/message.js';
import { countMessages } from './lib/checker.js';
import type { StoredMessage } from './lib/databases.js';
import { ResumingClient } from './lib/resuming-client.js';
import { Sender } from './lib/sender.js';

/** The checker is what makes a fault run pass: it must see each kind of failure it claims to count. */
const client = () => new ResumingClient({ url: () => 'ws://127.0.0.1:1/connect', reconnect: false });
const row = (id: number, seq: number, clientId: string | null): StoredMessage => ({ id, room_id: 1, seq, user_id: 1, client_id: clientId });
const shown = (id: number, seq: number): ChatMessage => ({
  message_id: id,
  room_id: 1,
  seq,
  rev: seq,
  user_id: 1,
  nickname: 'a',
  content: 'x',
  datetime: new Date(0).toISOString(),
});

function senderWith(acked: Record<string, number | undefined>): Sender {
  const sender = new Sender(client(), { roomId: 1, perSecond: 1, window: 1 });
  for (const [clientId, messageId] of Object.entries(acked)) {
    sender.attempts.set(clientId, {
      clientId,
      roomId: 1,
      content: 'x',
      transmissions: 1,
      ...(messageId === undefined ? {} : { ack: { messageId, seq: messageId, duplicate: false } }),
    });
  }
  return sender;
}

describe('the fault checker', () => {
  it('counts an acknowledged message missing from the database, or stored under another id, as lost', () => {
    const sender = senderWith({ a: 1, b: 2, c: 3, d: undefined });
    const counts = countMessages([sender], [], [row(1, 1, 'a'), row(9, 2, 'b'), row(4, 3, 'd')]);
    expect(counts).toMatchObject({ attempted: 4, acknowledged: 3, stored: 3, lost: 2, duplicatedStored: 0 });
  });

  it('counts a client_id stored twice', () => {
    const counts = countMessages([senderWith({ a: 1 })], [], [row(1, 1, 'a'), row(2, 2, 'a')]);
    expect(counts.duplicatedStored).toBe(1);
  });

  it("counts what a reader was shown twice, out of order, or never, against the database's messages", () => {
    const reader = client();
    reader.log.record([shown(1, 1), shown(3, 3)]);
    reader.log.record([shown(2, 2), shown(3, 3)]);
    const counts = countMessages([], [reader], [row(1, 1, null), row(2, 2, null), row(3, 3, null), row(4, 4, null)]);
    expect(counts).toMatchObject({ readers: 1, delivered: 3, expected: 4, duplicatedShown: 1, gaps: 1, outOfOrder: 1 });
  });
});
