import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, PHONE, type Rig, signUp, skipBrowser, startRig, stopRig } from './helpers.js';
import { overflowingElements } from './network.js';

describe.skipIf(skipBrowser)('the page on a phone (390 × 844)', () => {
  let rig: Rig;
  let ana: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana', { viewport: PHONE });
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('a room whose header has every tool (owner of a private room) fits the screen, and so do its dialogs', async () => {
    await createRoom(ana, 'design-reviews-and-critique', { kind: 'Private', topic: 'Pixels, type and the new logo, every Thursday' });
    expect(await overflowingElements(ana)).toEqual([]);
    for (const name of ['Invite', 'Edit', 'Leave']) await ana.getByRole('button', { name, exact: true }).waitFor();

    await ana.getByRole('button', { name: 'Invite', exact: true }).click();
    await ana.getByRole('dialog').waitFor();
    expect(await overflowingElements(ana)).toEqual([]);
    await ana.keyboard.press('Escape');
    await ana.getByRole('dialog').waitFor({ state: 'detached' });
  });
});
