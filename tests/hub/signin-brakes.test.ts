import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const PASSWORD = 'correct horse battery';

describe('sign-in brakes slow the guesser, not the owner (PGlite)', () => {
  const server = useServer('pglite', { SIGNIN_FAILURES_PER_MINUTE: '3', SIGNIN_FAILURES_PER_MINUTE_PER_ADDRESS: '5' });
  /** A sign-in attempt from a given client address (each of 127.0.0.0/8 is a distinct host to the server). */
  const signinFrom = async (address: string, nickname: string, password: string) => {
    const client = await TestClient.connect(server().wsUrl, {}, address);
    client.send('signin', { nickname, password });
    const { payload } = await client.next('authorize');
    client.close();
    return payload.allowed ? 'allowed' : payload.reason;
  };
  const owner = async () => (await TestClient.connect(server().wsUrl)).signup();

  it('refuses the guessing address, even with the right password, while the owner elsewhere signs in at once', async () => {
    const { nickname } = await owner();
    for (let i = 0; i < 3; i++) expect(await signinFrom('127.0.1.1', nickname, `guess ${i}`)).toBe('bad_credentials');
    expect(await signinFrom('127.0.1.1', nickname, PASSWORD)).toBe('rate_limited');
    expect(await signinFrom('127.0.1.2', nickname, PASSWORD)).toBe('allowed');
    // The owner's success does not lift the guesser's brake.
    expect(await signinFrom('127.0.1.1', nickname, PASSWORD)).toBe('rate_limited');
  });

  it('against a distributed guesser, stops hearing addresses that already failed; a fresh address is still heard', async () => {
    const { nickname } = await owner();
    for (const address of ['127.0.2.1', '127.0.2.2', '127.0.2.3'])
      expect(await signinFrom(address, nickname, 'wrong guess')).toBe('bad_credentials');
    expect(await signinFrom('127.0.2.1', nickname, 'second guess')).toBe('rate_limited');
    expect(await signinFrom('127.0.2.2', nickname, PASSWORD)).toBe('rate_limited');
    expect(await signinFrom('127.0.2.4', nickname, 'fresh guess')).toBe('bad_credentials');
    expect(await signinFrom('127.0.2.5', nickname, PASSWORD)).toBe('allowed');
  });

  it('limits one address across many nicknames, without touching other addresses', async () => {
    const victims = await Promise.all(Array.from({ length: 6 }, owner));
    for (const victim of victims.slice(0, 5)) expect(await signinFrom('127.0.3.1', victim.nickname, 'spray')).toBe('bad_credentials');
    expect(await signinFrom('127.0.3.1', victims[5]?.nickname as string, PASSWORD)).toBe('rate_limited');
    expect(await signinFrom('127.0.3.2', victims[5]?.nickname as string, PASSWORD)).toBe('allowed');
  });
});
