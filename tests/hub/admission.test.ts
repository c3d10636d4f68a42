import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const CONNECTIONS = 15;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a storm of resumes is shed with retry_after_ms, and every client gets in when it comes back (PostgreSQL)', () => {
  // One sign-in at a time and one waiting: the rest of a burst is over the bound.
  const server = useServer('postgres', { SIGNIN_CONCURRENCY: '1', SIGNIN_QUEUE: '1' });

  it('gives each refused client its own appointment, and each gets in when it keeps it', async () => {
    const owner = await (await TestClient.connect(server().wsUrl)).signup();
    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => TestClient.connect(server().wsUrl)));
    const answers = await Promise.all(
      clients.map(async (client) => {
        const answer = await client.expectReply('resume', { token: owner.token }, 'authorize');
        return { answer, at: Date.now() };
      }),
    );

    const refused = answers.filter(({ answer }) => !answer.allowed);
    expect(answers.length - refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThan(0);
    for (const { answer } of refused) {
      expect(answer.reason).toBe('rate_limited');
      expect(answer.retry_after_ms).toBeGreaterThanOrEqual(250);
      expect(answer.retry_after_ms).toBeLessThanOrEqual(60_000);
    }
    // Appointments, not one common wait: no two refused clients are told to come back at the same moment.
    const appointments = refused.map(({ answer }) => answer.retry_after_ms as number);
    expect(new Set(appointments).size).toBe(refused.length);

    // Each comes back when told (and again when told again, as the page does); all get in, few are sent away twice.
    let refusedAgain = 0;
    await Promise.all(
      answers.map(async ({ answer, at }, index) => {
        let retryAfter = answer.allowed ? undefined : answer.retry_after_ms;
        let since = at;
        while (retryAfter !== undefined) {
          await sleep(since + retryAfter - Date.now());
          const again = await clients[index]?.expectReply('resume', { token: owner.token }, 'authorize');
          since = Date.now();
          retryAfter = again?.allowed ? undefined : again?.retry_after_ms;
          if (retryAfter !== undefined) refusedAgain += 1;
        }
      }),
    );
    expect(refusedAgain).toBeLessThan(refused.length / 2);
    for (const client of clients) client.close();
  });
});
