import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { type Rig, signUp, skipBrowser, startRig, stopRig } from './helpers.js';

const status = (page: Page, value: string) => page.locator(`[data-status="${value}"]`).first();

describe.skipIf(skipBrowser)('reconnecting: soon after the server is back, and at once when asked', () => {
  let rig: Rig;
  let ana: Page;
  let port: string;

  beforeAll(async () => {
    rig = await startRig();
    port = new URL(rig.server.url).port;
    ana = await signUp(rig, 'Ana');
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  const restart = async () => {
    rig.server = await startTestServer({ ...rig.location.env, PORT: port });
  };

  it('a server back within 1.5 s is rejoined within a few seconds, without waiting out a long backoff', async () => {
    await rig.server.close();
    await status(ana, 'reconnecting').waitFor();
    await ana.waitForTimeout(1_500);
    const back = Date.now();
    await restart();
    await status(ana, 'signed-in').waitFor({ timeout: 15_000 });
    // The retry due then is at most ~1.5 s away (the old backoff had grown to 4–8 s by now).
    expect(Date.now() - back).toBeLessThan(3_500);
  }, 30_000);

  it('after a long outage, "Reconnect now" tries at once instead of waiting for the countdown', async () => {
    await rig.server.close();
    await status(ana, 'reconnecting').waitFor();
    // Long enough for the backoff to grow well past a few seconds.
    await ana.waitForTimeout(12_000);
    await restart();
    const back = Date.now();
    await ana.getByRole('button', { name: 'Reconnect now' }).click();
    await status(ana, 'signed-in').waitFor({ timeout: 15_000 });
    expect(Date.now() - back).toBeLessThan(2_000);
  }, 40_000);

  it('the page coming back into view, or the network coming back, reconnects at once', async () => {
    for (const wake of ['visibilitychange', 'online'] as const) {
      await rig.server.close();
      await status(ana, 'reconnecting').waitFor();
      await ana.waitForTimeout(12_000);
      await restart();
      const back = Date.now();
      await ana.evaluate((wake) => (wake === 'online' ? window : document).dispatchEvent(new Event(wake)), wake);
      await status(ana, 'signed-in').waitFor({ timeout: 15_000 });
      expect(Date.now() - back, wake).toBeLessThan(2_000);
    }
  }, 70_000);
});
