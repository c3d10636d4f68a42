import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

describe('idle timeout and limits (PGlite)', () => {
  const server = useServer('pglite', {
    IDLE_TIMEOUT_MS: '1500',
    FRAMES_PER_SECOND: '20',
    FRAMES_BURST: '20',
    MESSAGES_PER_SECOND: '2',
    MESSAGES_BURST: '3',
    MAX_CONNECTIONS_PER_USER: '2',
    SIGNIN_FAILURES_PER_MINUTE: '3',
    MAX_CONNECTIONS_PER_ADDRESS: '40',
  });
  const connect = () => TestClient.connect(server().wsUrl);

  it('closes a connection silent for longer than IDLE_TIMEOUT_MS, and pings keep one open', async () => {
    const silent = await connect();
    const chatty = await connect();
    const keepAlive = setInterval(() => chatty.send('ping', {}), 500);
    try {
      const closed = await silent.waitClosed(4_000);
      expect(closed).toEqual({ code: 4408, reason: 'idle timeout' });
      expect(chatty.closed).toBeUndefined();
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('answers a flood of frames with rate_limited, and serves again after a pause', async () => {
    const client = await connect();
    for (let i = 0; i < 40; i++) client.send('ping', { request_id: `f${i}` });
    await client.next('pong', (p) => p.request_id === 'f19');
    await client.next('error', (p) => p.code === 'rate_limited');
    await new Promise((resolve) => setTimeout(resolve, 600));
    client.send('ping', { request_id: 'later' });
    await client.next('pong', (p) => p.request_id === 'later');
  });

  it('limits messages per user: the excess gets rate_limited and is not stored', async () => {
    const client = await (await connect()).signup();
    for (let i = 0; i < 5; i++) client.send('message', { content: `burst ${i}`, request_id: `m${i}` });
    const errors = [];
    for (let i = 3; i < 5; i++) errors.push(await client.next('error', (p) => p.request_id === `m${i}`));
    expect(errors.map((e) => e.payload.code)).toEqual(['rate_limited', 'rate_limited']);
    await client.next('ack', (p) => p.request_id === 'm2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.messages().map((m) => m.content)).toEqual(['burst 0', 'burst 1', 'burst 2']);
  });

  it('refuses the upgrade with 429 beyond MAX_CONNECTIONS_PER_ADDRESS, and admits again once one closes', async () => {
    const open: TestClient[] = [];
    for (;;) {
      const attempt = await connect().catch((error: Error) => error);
      if (attempt instanceof Error) {
        expect(attempt.message).toMatch(/429/);
        break;
      }
      open.push(attempt);
      expect(open.length).toBeLessThanOrEqual(40);
    }
    open.pop()?.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    open.push(await connect());
    for (const client of open) client.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it('keeps the per-user message allowance across reconnects', async () => {
    const first = await (await connect()).signup();
    const token = first.all('authorize')[0]?.payload.token as string;
    for (let i = 0; i < 3; i++) first.send('message', { content: `spent ${i}`, request_id: `s${i}` });
    await first.next('ack', (p) => p.request_id === 's2');
    first.close();
    await first.waitClosed();
    const back = await connect();
    back.send('resume', { token });
    await back.next('authorize');
    back.send('message', { content: 'one too many', request_id: 'over' });
    expect((await back.next('error', (p) => p.request_id === 'over')).payload.code).toBe('rate_limited');
  });

  it('counts simultaneous wrong guesses against the sign-in limit', async () => {
    const owner = await (await connect()).signup();
    owner.close();
    const guessers = await Promise.all(Array.from({ length: 8 }, () => connect()));
    for (const [i, guesser] of guessers.entries()) guesser.send('signin', { nickname: owner.nickname, password: `parallel guess ${i}` });
    const reasons = await Promise.all(guessers.map(async (guesser) => (await guesser.next('authorize')).payload.reason));
    expect(reasons.filter((reason) => reason === 'bad_credentials')).toHaveLength(3);
    expect(reasons.filter((reason) => reason === 'rate_limited')).toHaveLength(5);
    for (const guesser of guessers) guesser.close();
  });

  it('refuses a connection beyond MAX_CONNECTIONS_PER_USER', async () => {
    const first = await (await connect()).signup();
    const second = await connect();
    second.send('signin', { nickname: first.nickname, password: 'correct horse battery' });
    expect((await second.next('authorize')).payload.allowed).toBe(true);
    const third = await connect();
    third.send('signin', { nickname: first.nickname, password: 'correct horse battery' });
    expect((await third.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'too_many_connections' });
  });

  it('refuses an address that keeps guessing a nickname, even with the right password (the owner elsewhere: tests/hub/signin-brakes)', async () => {
    const owner = await (await connect()).signup();
    owner.close();
    const guesser = await connect();
    for (let i = 0; i < 3; i++) {
      guesser.send('signin', { nickname: owner.nickname, password: `guess ${i}` });
      expect((await guesser.next('authorize')).payload.reason).toBe('bad_credentials');
    }
    guesser.send('signin', { nickname: owner.nickname, password: 'correct horse battery' });
    expect((await guesser.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'rate_limited' });
  });
});
