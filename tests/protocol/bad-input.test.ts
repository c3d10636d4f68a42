import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const MAX_FRAME = 2_048;
const stores = await availableStores();

/** Proves the connection still works after a bad frame: a ping must still get its pong. */
async function stillServes(client: TestClient, id: string) {
  client.send('ping', { request_id: id });
  await client.next('pong', (p) => p.request_id === id);
}

describe.each(stores)('bad input on %s', (store) => {
  const server = useServer(store, { MAX_FRAME_BYTES: String(MAX_FRAME), MAX_MESSAGE_LENGTH: '100' });
  const connect = () => TestClient.connect(server().wsUrl);

  const badFrames: Array<[string, string, string]> = [
    ['not JSON', '{"kind": "message", ', 'bad_json'],
    ['an array', '[1, 2, 3]', 'invalid_envelope'],
    ['a number', '42', 'invalid_envelope'],
    ['null', 'null', 'invalid_envelope'],
    ['a missing kind', '{"payload": {}}', 'invalid_envelope'],
    ['a kind that is not a string', '{"kind": 7, "payload": {}}', 'invalid_envelope'],
    ['a payload that is not an object', '{"kind": "ping", "payload": "x"}', 'invalid_envelope'],
    ['an unknown kind', '{"kind": "launch_missiles", "payload": {}}', 'unknown_kind'],
    ['a wrong-typed field', '{"kind": "signup", "payload": {"nickname": 5, "password": "x"}}', 'invalid_payload'],
    ['a missing field', '{"kind": "signin", "payload": {"nickname": "x"}}', 'invalid_payload'],
    ['an over-long request_id', `{"kind": "ping", "payload": {"request_id": "${'r'.repeat(65)}"}}`, 'invalid_payload'],
  ];

  it.each(badFrames)('answers %s with error and keeps the connection', async (_name, frame, code) => {
    const client = await connect();
    client.sendRaw(frame);
    const error = await client.next('error');
    expect(error.payload.code).toBe(code);
    expect(error.payload.message.length).toBeGreaterThan(0);
    await stillServes(client, 'after');
  });

  it('echoes request_id on an invalid payload', async () => {
    const client = await connect();
    client.send('signup', { request_id: 'q7', nickname: ['array'] });
    expect((await client.next('error')).payload).toMatchObject({ code: 'invalid_payload', request_id: 'q7' });
  });

  it('answers a binary frame with binary_frame', async () => {
    const client = await connect();
    client.sendRaw(Buffer.from(JSON.stringify({ kind: 'ping', payload: {} })), true);
    expect((await client.next('error')).payload.code).toBe('binary_frame');
    await stillServes(client, 'after-binary');
  });

  it('answers a frame over the size limit with too_large, and closes with 1009 far beyond it', async () => {
    const client = await connect();
    client.send('ping', { padding: 'x'.repeat(MAX_FRAME) });
    expect((await client.next('error')).payload.code).toBe('too_large');
    await stillServes(client, 'after-large');
    client.send('ping', { padding: 'x'.repeat(MAX_FRAME * 5) });
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it('refuses blank and over-long content, storing nothing', async () => {
    const client = await (await connect()).signup();
    client.send('message', { content: '   ', request_id: 'blank' });
    expect((await client.next('error')).payload).toMatchObject({ code: 'invalid_payload', request_id: 'blank' });
    client.send('message', { content: 'x'.repeat(101), request_id: 'long' });
    expect((await client.next('error')).payload).toMatchObject({ code: 'too_large', request_id: 'long' });
    client.send('message', { content: 'fine', request_id: 'ok' });
    await client.next('ack', (p) => p.request_id === 'ok');
    await client.next('send', (p) => p.messages.some((m) => m.content === 'fine'));
    expect(client.messages().map((m) => m.content)).toEqual(['fine']);
  });

  it("refuses U+0000 in text without failing anyone else's messages committed alongside", async () => {
    const victim = await (await connect()).signup();
    const attacker = await (await connect()).signup();
    for (let i = 0; i < 10; i++) {
      victim.send('message', { content: `fine ${i}`, request_id: `v${i}` });
      attacker.send('message', { content: `bad\u0000${i}`, request_id: `a${i}` });
    }
    for (let i = 0; i < 10; i++) {
      await victim.next('ack', (p) => p.request_id === `v${i}`);
      expect((await attacker.next('error', (p) => p.request_id === `a${i}`)).payload.code).toBe('invalid_payload');
    }
    expect(victim.all('error')).toEqual([]);
    attacker.send('dm_open', { nickname: 'nul\u0000name', request_id: 'dm' });
    expect((await attacker.next('error', (p) => p.request_id === 'dm')).payload.code).toBe('invalid_payload');
  });

  it("refuses text that is not well-formed Unicode (lone surrogates) without failing anyone else's messages in the batch", async () => {
    const victims = [await (await connect()).signup(), await (await connect()).signup()];
    const attacker = await (await connect()).signup();
    // Two client_ids that differ as JS strings but both become U+FFFD "x" in UTF-8: once they collided in
    // the database and failed every message committed alongside them.
    for (let round = 0; round < 5; round++) {
      for (const [v, victim] of victims.entries())
        victim.send('message', { content: `fine ${round}`, client_id: `v${v}-${round}`, request_id: `v${v}-${round}` });
      attacker.send('message', { content: 'a', client_id: '\ud800x', request_id: `hi${round}` });
      attacker.send('message', { content: 'b', client_id: '\ud801x', request_id: `lo${round}` });
      attacker.send('message', { content: 'half an emoji \ud83d', request_id: `content${round}` });
    }
    for (let round = 0; round < 5; round++) {
      for (const id of [`hi${round}`, `lo${round}`, `content${round}`]) {
        expect((await attacker.next('error', (p) => p.request_id === id)).payload.code).toBe('invalid_payload');
      }
      for (const [v, victim] of victims.entries()) await victim.next('ack', (p) => p.request_id === `v${v}-${round}`);
    }
    for (const victim of victims) expect(victim.all('error')).toEqual([]);
    const page = await attacker.expectReply('history', { room_id: 1, limit: 100 }, 'history');
    expect(page.messages.filter((m) => m.user_id === attacker.userId)).toEqual([]);
    expect(page.messages.filter((m) => victims.some((v) => v.userId === m.user_id)).map((m) => m.content)).toHaveLength(10);
    attacker.send('room_create', { kind: 'public', name: 'bad \udc00 name', request_id: 'room' });
    expect((await attacker.next('error', (p) => p.request_id === 'room')).payload.code).toBe('invalid_payload');
  });

  it('keeps two users chatting, losing nothing, while a third sends 1 000 malformed frames', async () => {
    const alice = await (await connect()).signup();
    const bob = await (await connect()).signup();
    const vandal = await (await connect()).signup();
    const junk = ['{', '[]', '{"kind":1}', '{"kind":"nope","payload":{}}', '\u0000\u0001', '{"kind":"message","payload":{"content":7}}'];
    const sent: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      vandal.sendRaw(junk[i % junk.length] as string);
      if (i % 50 === 0) {
        const from = i % 100 === 0 ? alice : bob;
        const content = `real ${i}`;
        sent.push(content);
        from.send('message', { content, request_id: content });
      }
    }
    for (const client of [alice, bob]) {
      await client.next('send', (p) => p.messages.some((m) => m.content === sent.at(-1)), 15_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const client of [alice, bob]) {
      expect(
        client
          .messages()
          .map((m) => m.content)
          .sort(),
      ).toEqual([...sent].sort());
    }
    expect(vandal.all('error')).toHaveLength(1_000);
    await stillServes(vandal, 'vandal-still-here');
  });
});
