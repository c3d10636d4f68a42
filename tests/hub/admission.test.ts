import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const CONNECTIONS = 15;

describe('a storm of resumes is shed with retry_after_ms, and every client gets in when it comes back (PostgreSQL)', () => {
  // One sign-in at a time and one waiting: the rest of a burst is over the bound.
  const server = useServer('postgres', { SIGNIN_CONCURRENCY: '1', SIGNIN_QUEUE: '1' });

  it('refuses the excess with rate_limited and a retry time, then admits each retry', async () => {
    const owner = await (await TestClient.connect(server().wsUrl)).signup();
    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => TestClient.connect(server().wsUrl)));
    const answers = await Promise.all(clients.map((client) => client.expectReply('resume', { token: owner.token }, 'authorize')));

    const refused = answers.filter((answer) => !answer.allowed);
    expect(answers.filter((answer) => answer.allowed).length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThan(0);
    for (const refusal of refused) {
      expect(refusal.reason).toBe('rate_limited');
      expect(refusal.retry_after_ms).toBeGreaterThanOrEqual(500);
      expect(refusal.retry_after_ms).toBeLessThanOrEqual(30_000);
    }

    // Coming back after the time given, one by one as the page would (each with its own wait), all get in.
    const again = clients.filter((_, index) => !answers[index]?.allowed);
    for (const [index, client] of again.entries()) {
      await new Promise((resolve) => setTimeout(resolve, index === 0 ? (refused[0]?.retry_after_ms ?? 0) : 0));
      expect((await client.expectReply('resume', { token: owner.token }, 'authorize')).allowed).toBe(true);
    }
    for (const client of clients) client.close();
  });
});
