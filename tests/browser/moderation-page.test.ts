import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, messageWithText, type Rig, say, sees, signUp, skipBrowser, startRig, stopRig } from './helpers.js';

/** Opens a message's ⋯ menu and returns the labels it offers. */
async function menuItems(page: Page, text: string) {
  await messageWithText(page, text).hover();
  await messageWithText(page, text).getByRole('button', { name: 'Message actions' }).click();
  const menu = page.getByRole('menu', { name: 'Message actions' });
  await menu.getByRole('menuitem').first().waitFor();
  return menu.getByRole('menuitem').allTextContents();
}

describe.skipIf(skipBrowser)('moderation in the page (issue 11)', () => {
  let rig: Rig;
  let ana: Page;
  let ben: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana');
    ben = await signUp(rig, 'Ben');
    await createRoom(ana, 'ops');
    await ben.getByRole('button', { name: 'Browse rooms' }).click();
    const browse = ben.getByRole('dialog', { name: 'Browse rooms' });
    await browse.getByRole('button', { name: 'Join ops' }).click();
    await browse.waitFor({ state: 'detached' });
    await ben.locator('.room-header .room-name', { hasText: 'ops' }).waitFor();
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it("a member sees no Delete on the owner's message; the owner deletes the member's and both pages show the tombstone", async () => {
    await say(ana, 'Owner speaking');
    await sees(ben, 'Ana', 'Owner speaking');
    expect(await menuItems(ben, 'Owner speaking')).not.toContain('Delete');
    await ben.keyboard.press('Escape');

    await say(ben, 'Spam spam spam');
    await sees(ana, 'Ben', 'Spam spam spam');
    const id = await messageWithText(ana, 'Spam spam spam').getAttribute('data-message-id');
    expect(await menuItems(ana, 'Spam spam spam')).toContain('Delete');
    await ana.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await ana.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete' }).click();
    for (const page of [ana, ben]) {
      await page.locator(`.message[data-message-id="${id}"] .tombstone`, { hasText: 'This message was deleted' }).waitFor();
    }
  });
});
