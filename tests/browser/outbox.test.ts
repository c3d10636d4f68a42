import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { type Rig, say, sees, sentFrames, signUp, skipBrowser, startRig, stopRig, waitSignedIn } from './helpers.js';
import { socketSwitch } from './network.js';

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

describe.skipIf(skipBrowser)('the outbox: what is typed is never lost', () => {
  let rig: Rig;
  let ana: Page;
  let bob: TestClient;

  beforeAll(async () => {
    // A small allowance, so a quick burst meets `rate_limited`.
    rig = await startRig({ MESSAGES_PER_SECOND: '1', MESSAGES_BURST: '2' });
    ana = await signUp(rig, 'Ana');
    bob = await (await TestClient.connect(rig.server.wsUrl)).signup('Bob');
  });

  afterAll(async () => {
    bob.close();
    await stopRig(rig);
  });

  it('a message over the length limit stays in the composer, with a counter, and is not sent', async () => {
    await composer(ana).fill('x'.repeat(3_990));
    await ana.locator('.composer-count', { hasText: '10' }).waitFor();
    await composer(ana).fill('y'.repeat(4_001));
    await ana.locator('.composer-count', { hasText: '-1' }).waitFor();
    expect(await ana.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await composer(ana).press('Enter');
    await ana.waitForTimeout(300);
    expect(await composer(ana).inputValue()).toBe('y'.repeat(4_001));
    expect(await ana.locator('.message[data-pending]').count()).toBe(0);
    await composer(ana).fill('');
    await ana.locator('.composer-count').waitFor({ state: 'detached' });
  });

  it('a burst over the message rate is retried with the same client_id until it all arrives, never "Not sent"', async () => {
    for (const text of ['Burst one', 'Burst two', 'Burst three', 'Burst four']) {
      await composer(ana).fill(text);
      await composer(ana).press('Enter');
    }
    for (const text of ['Burst one', 'Burst two', 'Burst three', 'Burst four']) await sees(ana, 'Ana', text);
    await ana.locator('.message[data-pending]').waitFor({ state: 'detached' });
    expect(await ana.getByText('Not sent').count()).toBe(0);
    // Some were refused and sent again: the same client_id each time, so each is stored once.
    const sent = sentFrames(ana, 'message').map((frame) => frame.payload as { content?: string; client_id?: string });
    const clientIds = new Map<string | undefined, Set<string | undefined>>();
    for (const payload of sent) clientIds.set(payload.content, (clientIds.get(payload.content) ?? new Set()).add(payload.client_id));
    expect(sent.length).toBeGreaterThan(4);
    for (const ids of clientIds.values()) expect(ids.size).toBe(1);
    for (const text of ['Burst one', 'Burst four']) {
      await bob.next('send', (payload) => payload.messages.some((message) => message.content === text));
    }
  });

  it('a message typed offline survives a reload and is sent, once, when the connection is back', async () => {
    const network = await socketSwitch(ana);
    // The room's first page never comes before the connection drops: the message must show all the same.
    network.drop('history');
    await ana.reload();
    await waitSignedIn(ana);
    await network.off();
    await ana.locator('.room-header [data-status="reconnecting"]').waitFor();
    await composer(ana).fill('Typed on the train');
    await composer(ana).press('Enter');
    await ana.locator('.message[data-pending="sending"]', { hasText: 'Typed on the train' }).waitFor();

    await ana.reload();
    // Still offline: the page shows it as waiting to be sent, from the browser's storage.
    await ana.locator('.message[data-pending="sending"]', { hasText: 'Typed on the train' }).waitFor();
    network.on();
    // As the browser does when the network comes back: the page retries at once instead of waiting out its backoff.
    await ana.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitSignedIn(ana);
    await sees(ana, 'Ana', 'Typed on the train');
    await ana.locator('.message[data-pending]').waitFor({ state: 'detached' });
    await bob.next('send', (payload) => payload.messages.some((message) => message.content === 'Typed on the train'));
    // Gone from storage once the server has it.
    const stored = await ana.evaluate(() => Object.values(localStorage).join(' '));
    expect(stored).not.toContain('Typed on the train');
    await say(ana, 'And one more after it');
  }, 60_000);
});
