import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoom,
  messageAction,
  messageWithText,
  type Rig,
  roomLink,
  say,
  sees,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
} from './helpers.js';

const NOTICE = 'This room is archived: you can read it, not write in it.';

describe.skipIf(skipBrowser)('archiving a room in the page (issue 11)', () => {
  let rig: Rig;
  let admin: Page;
  let owner: Page;
  let member: Page;

  async function joinRoom(page: Page, name: string) {
    await page.getByRole('button', { name: 'Browse rooms' }).click();
    const browse = page.getByRole('dialog', { name: 'Browse rooms' });
    await browse.getByRole('button', { name: `Join ${name}` }).click();
    await browse.waitFor({ state: 'detached' });
    await page.locator('.room-header .room-name', { hasText: name }).waitFor();
  }

  beforeAll(async () => {
    rig = await startRig();
    // The first account of a fresh server is its admin; the room is someone else's.
    admin = await signUp(rig, 'Ada');
    owner = await signUp(rig, 'Bo');
    member = await signUp(rig, 'Cy');
    await createRoom(owner, 'lounge');
    await joinRoom(member, 'lounge');
    await joinRoom(admin, 'lounge');
  }, 120_000);

  afterAll(async () => {
    await stopRig(rig);
  });

  it('an admin archives a room from its header; the member sees the notice live and no composer; unarchive brings it back', async () => {
    await say(member, 'Before the archive');
    await sees(admin, 'Cy', 'Before the archive');
    await messageAction(member, 'Before the archive', 'Add reaction');
    const picker = member.getByRole('group', { name: 'Choose a reaction' });
    await picker.getByRole('button', { name: '👍' }).click();
    await picker.waitFor({ state: 'detached' });
    const chip = (page: Page) => messageWithText(page, 'Before the archive').locator('.reaction-chip[data-emoji="👍"]');
    await chip(admin).waitFor();
    // A plain member is offered neither Edit nor Archive.
    await expect(member.locator('.room-header').getByRole('button', { name: 'Archive room' }).count()).resolves.toBe(0);
    await expect(member.locator('.room-header').getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);

    // The admin (not the owner) gets Edit and Archive room; archiving asks first.
    await admin.locator('.room-header').getByRole('button', { name: 'Edit' }).waitFor();
    await admin.locator('.room-header').getByRole('button', { name: 'Archive room' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Archive lounge?' });
    await confirm.getByRole('button', { name: 'Archive room' }).click();
    await confirm.waitFor({ state: 'detached' });

    for (const page of [member, owner, admin]) {
      await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
      await roomLink(page, 'lounge').and(page.locator('.archived')).waitFor();
    }
    // History stays readable, reactions too, but they are no longer controls.
    await sees(member, 'Cy', 'Before the archive');
    expect(await chip(member).isDisabled()).toBe(true);
    expect(await messageWithText(member, 'Before the archive').getByRole('button', { name: 'Add reaction' }).count()).toBe(0);

    await admin.locator('.room-header').getByRole('button', { name: 'Unarchive' }).click();
    const undo = admin.getByRole('dialog', { name: 'Unarchive lounge?' });
    await undo.getByRole('button', { name: 'Unarchive' }).click();
    await undo.waitFor({ state: 'detached' });

    await member.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await member.getByText(NOTICE).count()).toBe(0);
    expect(await chip(member).isDisabled()).toBe(false);
    await say(member, 'After the archive');
    await sees(owner, 'Cy', 'After the archive');
  });
});
