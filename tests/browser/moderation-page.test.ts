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
  let cleo: Page;

  async function joinOps(page: Page) {
    await page.getByRole('button', { name: 'Browse rooms' }).click();
    const browse = page.getByRole('dialog', { name: 'Browse rooms' });
    await browse.getByRole('button', { name: 'Join ops' }).click();
    await browse.waitFor({ state: 'detached' });
    await page.locator('.room-header .room-name', { hasText: 'ops' }).waitFor();
  }

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana');
    ben = await signUp(rig, 'Ben');
    cleo = await signUp(rig, 'Cleo');
    await createRoom(ana, 'ops');
    await joinOps(ben);
    await joinOps(cleo);
  }, 120_000);

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

  it("a moderator (not the owner) deletes a member's message and mutes them; the member reads why they cannot post, until unmuted", async () => {
    // The owner names Cleo moderator in the members panel; members are offered no such control, and a
    // member's open panel shows the new moderator at once.
    await ben.getByRole('button', { name: 'Members', exact: true }).click();
    const cleoForBen = ben.locator('.members .member').filter({ hasText: 'Cleo' });
    await cleoForBen.waitFor();
    await ana.getByRole('button', { name: 'Members', exact: true }).click();
    const cleoRow = ana.locator('.members .member').filter({ hasText: 'Cleo' });
    await cleoRow.getByRole('button', { name: 'Make Cleo a moderator' }).click();
    await cleoRow.locator('.tag', { hasText: 'moderator' }).waitFor();
    await cleoRow.getByRole('button', { name: 'Remove Cleo as moderator' }).waitFor();
    await cleoForBen.locator('.tag', { hasText: 'moderator' }).waitFor();
    const benModeratorButtons = ben.locator('.members').getByRole('button', { name: /moderator/ });
    expect(await benModeratorButtons.count()).toBe(0);
    await ben.getByRole('button', { name: 'Members', exact: true }).click();

    await say(ben, 'Buy cheap watches');
    await sees(cleo, 'Ben', 'Buy cheap watches');
    const id = await messageWithText(cleo, 'Buy cheap watches').getAttribute('data-message-id');
    expect(await menuItems(cleo, 'Buy cheap watches')).toEqual(expect.arrayContaining(['Delete', 'Mute author']));
    await cleo.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await cleo.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete' }).click();
    for (const page of [cleo, ben]) {
      await page.locator(`.message[data-message-id="${id}"] .tombstone`, { hasText: 'This message was deleted' }).waitFor();
    }

    await say(ben, 'Really cheap watches');
    await sees(cleo, 'Ben', 'Really cheap watches');
    await menuItems(cleo, 'Really cheap watches');
    await cleo.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: 'Mute author' }).click();
    const mute = cleo.getByRole('dialog', { name: 'Mute Ben in this room?' });
    await mute.getByLabel('10 minutes').check();
    await mute.getByRole('button', { name: 'Mute' }).click();
    await mute.waitFor({ state: 'detached' });

    // Ben's page heard the mute (`moderated`); his next message is refused, saying until when.
    const box = ben.getByRole('textbox', { name: 'Message' });
    await box.fill('Am I still heard?');
    await box.press('Enter');
    const refusal = ben.locator('.message-state.failed');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Not sent: a moderator muted you in this room until \d\d:\d\d( [AP]M)?\./);

    // Cleo sees the mute in the members panel and lifts it; Ben's retry then goes through.
    await cleo.getByRole('button', { name: 'Members', exact: true }).click();
    const benRow = cleo.locator('.members .member').filter({ hasText: 'Ben' });
    await benRow.locator('.muted-tag', { hasText: 'muted until' }).waitFor();
    expect(await cleo.locator('.members .member').filter({ hasText: 'Ana' }).getByRole('button', { name: 'Mute Ana' }).count()).toBe(0);
    await benRow.getByRole('button', { name: 'Unmute Ben' }).click();
    await benRow.locator('.muted-tag').waitFor({ state: 'detached' });
    await benRow.getByRole('button', { name: 'Mute Ben' }).waitFor();
    await ben.locator('.message-state.failed').getByRole('button', { name: 'Retry' }).click();
    await sees(cleo, 'Ben', 'Am I still heard?');

    // A member moderates nothing: neither Delete nor Mute author on the moderator's message.
    await say(cleo, 'Moderator here');
    await sees(ben, 'Cleo', 'Moderator here');
    const items = await menuItems(ben, 'Moderator here');
    expect(items).not.toContain('Delete');
    expect(items).not.toContain('Mute author');
    await ben.keyboard.press('Escape');

    // A moderator names nobody; the owner takes the role back, and Cleo's page loses its powers at once.
    expect(
      await cleo
        .locator('.members')
        .getByRole('button', { name: /moderator/ })
        .count(),
    ).toBe(0);
    await cleoRow.getByRole('button', { name: 'Remove Cleo as moderator' }).click();
    await cleoRow.getByRole('button', { name: 'Make Cleo a moderator' }).waitFor();
    expect(await cleoRow.locator('.tag', { hasText: 'moderator' }).count()).toBe(0);
    await cleo
      .locator('.members .member')
      .filter({ hasText: 'Ben' })
      .getByRole('button', { name: 'Mute Ben' })
      .waitFor({ state: 'detached' });
    expect(await menuItems(cleo, 'Am I still heard?')).not.toContain('Delete');
    await cleo.keyboard.press('Escape');
  });
});
