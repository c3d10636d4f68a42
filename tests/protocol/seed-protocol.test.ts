import { describe, expect, it } from 'vitest';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const PAGE = 5;
const stores = await availableStores();
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe.each(stores)('seed protocol (Part 1) on %s', (store) => {
  const server = useServer(store, { HISTORY_PAGE_SIZE: String(PAGE) });
  const connect = () => TestClient.connect(server().wsUrl);
  const signedIn = async () => (await connect()).signup();

  it('greets a new connection with initial {connection_id}', async () => {
    const a = await connect();
    const b = await connect();
    expect(a.connectionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.connectionId).not.toBe(a.connectionId);
    // Beyond the seed: the limits a client shows before a request fails (the defaults here).
    expect(a.all('initial')[0]?.payload.limits).toEqual({ max_message_length: 4000, password_min_length: 8, max_frame_bytes: 65536 });
  });

  it('signs up, and refuses a taken nickname case-insensitively after NFKC', async () => {
    const nickname = uniqueNickname('Anna');
    const first = await connect();
    first.send('signup', { connection_id: 'spoofed', nickname, password: 'long enough pw' });
    const ok = await first.next('authorize');
    expect(ok.payload).toMatchObject({ connection_id: first.connectionId, allowed: true, nickname });
    expect(ok.payload.user_id).toBeGreaterThan(0);

    const fullwidth = nickname.toUpperCase().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const variant of [nickname.toUpperCase(), ` ${nickname} `, fullwidth]) {
      const other = await connect();
      other.send('signup', { nickname: variant, password: 'long enough pw' });
      expect((await other.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'nickname_taken' });
    }
  });

  it('refuses invalid nicknames and weak passwords with a reason', async () => {
    const cases: Array<[string, string, string]> = [
      ['', 'long enough pw', 'invalid_nickname'],
      ['   ', 'long enough pw', 'invalid_nickname'],
      ['x'.repeat(33), 'long enough pw', 'invalid_nickname'],
      ['bell\u0007', 'long enough pw', 'invalid_nickname'],
      ['zero\u200bwidth', 'long enough pw', 'invalid_nickname'],
      ['tab\there', 'long enough pw', 'invalid_nickname'],
      [uniqueNickname(), 'short', 'weak_password'],
    ];
    const client = await connect();
    for (const [nickname, password, reason] of cases) {
      client.send('signup', { nickname, password });
      expect((await client.next('authorize')).payload, JSON.stringify(nickname)).toMatchObject({ allowed: false, reason });
    }
    const longest = `${'y'.repeat(21)}${uniqueNickname('')}`;
    expect([...longest]).toHaveLength(32);
    await client.signup(longest);
  });

  it('signs in with the right password; wrong password and unknown nickname get allowed:false', async () => {
    const owner = await signedIn();
    const client = await connect();
    client.send('signin', { nickname: owner.nickname, password: 'wrong password' });
    expect((await client.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'bad_credentials' });
    client.send('signin', { nickname: uniqueNickname('ghost'), password: 'whatever123' });
    expect((await client.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'bad_credentials' });
    client.send('signin', { nickname: owner.nickname.toUpperCase(), password: 'correct horse battery', user_id: 1, allowed: true });
    expect((await client.next('authorize')).payload).toMatchObject({ allowed: true, user_id: owner.userId, nickname: owner.nickname });
  });

  it('answers authorized and message from a signed-out connection with not_authorized, never history', async () => {
    const stranger = await connect();
    stranger.send('authorized', { connection_id: stranger.connectionId, allowed: true, request_id: 'h1' });
    expect((await stranger.next('error')).payload).toEqual({ code: 'not_authorized', message: 'sign in first', request_id: 'h1' });
    const listener = await signedIn();
    stranger.send('message', { content: 'sneaky', user_id: listener.userId });
    expect((await stranger.next('error')).payload.code).toBe('not_authorized');
    const marker = await signedIn();
    marker.send('message', { content: 'after sneaky' });
    await listener.next('send', (p) => p.messages.some((m) => m.content === 'after sneaky'));
    expect(listener.messages().map((m) => m.content)).not.toContain('sneaky');
    expect(stranger.all('send')).toEqual([]);
  });

  it('delivers a message to every signed-in connection, the sender included, and to nobody signed out', async () => {
    const alice = await signedIn();
    const bob = await signedIn();
    const lurker = await connect();
    const content = `hello ${uniqueNickname('msg')}`;
    alice.send('message', { connection_id: bob.connectionId, user_id: bob.userId, content });
    for (const client of [alice, bob]) {
      const frame = await client.next('send', (p) => p.messages.some((m) => m.content === content));
      const message = frame.payload.messages.find((m) => m.content === content);
      expect(message).toMatchObject({ user_id: alice.userId, nickname: alice.nickname, room_id: 1, content });
      expect(message?.message_id).toBeGreaterThan(0);
      expect(message?.datetime).toMatch(ISO_UTC);
      expect(Math.abs(Date.parse(message?.datetime ?? '') - Date.now())).toBeLessThan(60_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lurker.all('send')).toEqual([]);
  });

  it('answers authorized with the most recent page, oldest first', async () => {
    const writer = await signedIn();
    const tag = uniqueNickname('page');
    for (let i = 1; i <= PAGE + 2; i++) {
      writer.send('message', { content: `${tag} ${i}`, request_id: `r${i}` });
      await writer.next('ack', (p) => p.request_id === `r${i}`);
    }
    const reader = await signedIn();
    reader.send('authorized', { request_id: 'page' });
    const page = await reader.next('send', (p) => p.request_id === 'page');
    expect(page.payload.messages.map((m) => m.content)).toEqual([3, 4, 5, 6, 7].map((i) => `${tag} ${i}`));
    expect(page.payload.has_more).toBe(true);
    const seqs = page.payload.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('acks a message after commit, and a repeated client_id returns the first message instead of a second', async () => {
    const sender = await signedIn();
    const watcher = await signedIn();
    sender.send('message', { content: 'once', request_id: 'a1', client_id: 'retry-me' });
    const first = await sender.next('ack', (p) => p.request_id === 'a1');
    sender.send('message', { content: 'once', request_id: 'a2', client_id: 'retry-me' });
    const second = await sender.next('ack', (p) => p.request_id === 'a2');
    expect(second.payload).toMatchObject({ message_id: first.payload.message_id, duplicate: true });
    sender.send('message', { content: 'marker', request_id: 'a3' });
    await watcher.next('send', (p) => p.messages.some((m) => m.content === 'marker'));
    expect(watcher.messages().filter((m) => m.content === 'once')).toHaveLength(1);
  });

  it('answers ping with pong, echoing request_id', async () => {
    const client = await connect();
    client.send('ping', { connection_id: client.connectionId, request_id: 'p1' });
    expect((await client.next('pong')).payload).toEqual({ request_id: 'p1' });
  });

  it('tells the others remove {connection_id} on disconnect and on socket close, and closes the leaver', async () => {
    const stayer = await signedIn();
    const lurker = await connect();
    const polite = await signedIn();
    polite.send('disconnect', { connection_id: polite.connectionId });
    expect((await polite.waitClosed()).code).toBe(1000);
    await stayer.next('remove', (p) => p.connection_id === polite.connectionId);
    const abrupt = await signedIn();
    abrupt.socket.terminate();
    await stayer.next('remove', (p) => p.connection_id === abrupt.connectionId);
    expect(lurker.all('remove')).toEqual([]);
  });

  it('checks Origin: same origin and programs without Origin get in, other sites and null do not', async () => {
    const { url, wsUrl } = server();
    await expect(TestClient.connect(wsUrl, { Origin: url })).resolves.toBeInstanceOf(TestClient);
    await expect(TestClient.connect(wsUrl, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(TestClient.connect(wsUrl, { Origin: 'null' })).rejects.toThrow(/403/);
  });
});
