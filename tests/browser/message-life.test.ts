import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpFirstAdmin, TestClient } from '../helpers/client.js';
import {
  messageAction,
  messageWithText,
  post,
  type Rig,
  say,
  sees,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  waitSignedIn,
} from './helpers.js';

/** An edit this soon after sending is a correction and shows no "(edited)" (EDIT_GRACE_MS on the server). */
const GRACE_MS = 5_000;

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

describe.skipIf(skipBrowser)('message life in the page: edit, delete, react, reply', () => {
  let rig: Rig;
  let ana: Page;
  let ben: Page;
  let sentAt = 0;

  beforeAll(async () => {
    rig = await startRig();
    // The first account of a fresh server is its admin, who may delete anyone's message: Ana and Ben are members.
    await signUpFirstAdmin(rig.server.wsUrl, 'Olga');
    ana = await signUp(rig, 'Ana');
    ben = await signUp(rig, 'Ben');
    await say(ana, 'Ship it on Friday');
    sentAt = Date.now();
    await sees(ben, 'Ana', 'Ship it on Friday');
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('offers edit and delete on my own messages only', async () => {
    await say(ben, 'Friday works for me');
    await sees(ana, 'Ben', 'Friday works for me');
    await messageWithText(ana, 'Friday works for me').getByRole('button', { name: 'Message actions' }).click();
    const menu = ana.getByRole('menu', { name: 'Message actions' });
    await menu.getByRole('menuitem', { name: 'Copy text' }).waitFor();
    expect(await menu.getByRole('menuitem', { name: 'Edit' }).count()).toBe(0);
    expect(await menu.getByRole('menuitem', { name: 'Delete' }).count()).toBe(0);
    await ana.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  it('deletes after asking, and both pages show the tombstone', async () => {
    await say(ana, 'Wrong room, sorry');
    await sees(ben, 'Ana', 'Wrong room, sorry');
    const id = await messageWithText(ana, 'Wrong room, sorry').getAttribute('data-message-id');
    await messageAction(ana, 'Wrong room, sorry', 'Delete');
    const dialog = ana.getByRole('dialog', { name: 'Delete this message?' });
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await messageWithText(ana, 'Wrong room, sorry').count()).toBe(1);

    await messageAction(ana, 'Wrong room, sorry', 'Delete');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    for (const page of [ana, ben]) {
      const tombstone = page.locator(`.message[data-message-id="${id}"]`);
      await tombstone.locator('.tombstone', { hasText: 'This message was deleted' }).waitFor();
      expect(await page.locator('body').evaluate((body) => body.textContent?.includes('Wrong room, sorry'))).toBe(false);
    }
    // A tombstone offers nothing to do but its link.
    await ana.locator(`.message[data-message-id="${id}"]`).getByRole('button', { name: 'Message actions' }).click();
    const items = await ana.getByRole('menu').getByRole('menuitem').allTextContents();
    expect(items).toEqual(['Copy link to message']);
    await ana.keyboard.press('Escape');
  });

  it('Up-arrow in the empty composer edits my last message; Escape cancels, Enter saves; the other page sees "(edited)"', async () => {
    // Ana's newest message is now the tombstone's predecessor: the newest one she can still edit.
    await say(ana, 'Ship it on Friday, 10:00');
    const box = composer(ana);
    await box.focus();
    await box.press('ArrowUp');
    const editor = ana.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    expect(await editor.inputValue()).toBe('Ship it on Friday, 10:00');
    expect(await editor.evaluate((element) => element === document.activeElement)).toBe(true);
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);

    // The first message, past the grace period: its edit is labelled.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentAt + GRACE_MS + 200 - Date.now())));
    await messageAction(ana, 'Ship it on Friday', 'Edit');
    await editor.fill('Ship it on Monday');
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });
    for (const page of [ana, ben]) {
      const edited = messageWithText(page, 'Ship it on Monday');
      await edited.locator('.message-edited', { hasText: '(edited)' }).waitFor();
      expect(await edited.locator('.message-edited').getAttribute('title')).toMatch(/^Edited /);
      // Upserted in place: the old text is gone, not shown beside the new.
      expect(await page.getByText('Ship it on Friday', { exact: true }).count()).toBe(0);
    }
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(rig.dialogs).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
  });

  it('"Show edits" lists what my edited message said before, oldest first; nobody else is offered it', async () => {
    // Edited in the test before: "Ship it on Friday" → "Ship it on Monday". Once more:
    await messageAction(ana, 'Ship it on Monday', 'Edit');
    const editor = ana.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Ship it on Tuesday');
    await editor.press('Enter');
    await messageWithText(ana, 'Ship it on Tuesday').waitFor();
    await messageAction(ana, 'Ship it on Tuesday', 'Show edits');
    const dialog = ana.getByRole('dialog', { name: 'Earlier versions' });
    const versions = dialog.locator('.message-versions li .message-text');
    await expect.poll(() => versions.allTextContents()).toEqual(['Ship it on Friday', 'Ship it on Monday', 'Ship it on Tuesday']);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Ben sees "(edited)" but cannot read the earlier texts.
    await messageWithText(ben, 'Ship it on Tuesday').getByRole('button', { name: 'Message actions' }).click();
    const menu = ben.getByRole('menu', { name: 'Message actions' });
    await menu.getByRole('menuitem', { name: 'Copy text' }).waitFor();
    expect(await menu.getByRole('menuitem', { name: 'Show edits' }).count()).toBe(0);
    await ben.keyboard.press('Escape');
    expect(rig.pageErrors).toEqual([]);
  });

  it('reacts from the picker (common emoji and search); chips count, mine pressed, click toggles; the other page follows live', async () => {
    await say(ben, 'Deploy finished');
    await sees(ana, 'Ben', 'Deploy finished');
    await messageAction(ana, 'Deploy finished', 'Add reaction');
    const picker = ana.getByRole('group', { name: 'Choose a reaction' });
    const search = picker.getByRole('searchbox', { name: 'Search emoji' });
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true);
    await picker.getByRole('button', { name: '👍' }).click();
    await picker.waitFor({ state: 'detached' });

    const chip = (page: Page, emoji: string) => messageWithText(page, 'Deploy finished').locator(`.reaction-chip[data-emoji="${emoji}"]`);
    await chip(ben, '👍').waitFor();
    expect(await chip(ben, '👍').getAttribute('aria-pressed')).toBe('false');
    expect(await chip(ana, '👍').getAttribute('aria-pressed')).toBe('true');
    expect(await chip(ben, '👍').getAttribute('title')).toBe('Ana reacted with 👍');

    // Ben adds his to the same chip: 2, both named.
    await chip(ben, '👍').click();
    await chip(ana, '👍').locator('.reaction-count', { hasText: '2' }).waitFor();
    expect(await chip(ana, '👍').getAttribute('title')).toBe('Ana, Ben reacted with 👍');

    // Search by word (keyboard: type, Enter picks the first match).
    await messageWithText(ben, 'Deploy finished').getByRole('button', { name: 'Add reaction' }).click();
    const benPicker = ben.getByRole('group', { name: 'Choose a reaction' });
    await benPicker.getByRole('searchbox').fill('rocket');
    expect(await benPicker.locator('.emoji-choice').allTextContents()).toEqual(['🚀']);
    await benPicker.getByRole('searchbox').press('Enter');
    await chip(ana, '🚀').waitFor();
    // An emoji typed into the field is offered as it is.
    await messageWithText(ben, 'Deploy finished').getByRole('button', { name: 'Add reaction' }).click();
    await benPicker.getByRole('searchbox').fill('🦄');
    await benPicker.getByRole('searchbox').press('Enter');
    await chip(ana, '🦄').waitFor();

    // Clicking my chip takes mine back; the other page follows.
    await chip(ana, '👍').click();
    await chip(ben, '👍').locator('.reaction-count', { hasText: '1' }).waitFor();
    expect(await chip(ana, '👍').getAttribute('aria-pressed')).toBe('false');
    await chip(ben, '🦄').click();
    await chip(ana, '🦄').waitFor({ state: 'detached' });
    await ben.keyboard.press('Escape');
  });

  it('replies by keyboard: the composer says what it answers, Escape cancels, the reply shows a quote on both pages', async () => {
    // Keyboard only: Tab to the message's ⋯, Enter opens the menu, Enter on Reply.
    const actions = messageWithText(ana, 'Deploy finished').getByRole('button', { name: 'Message actions' });
    await actions.focus();
    await ana.keyboard.press('Enter');
    await ana.getByRole('menuitem', { name: 'Reply' }).waitFor();
    expect(await ana.evaluate(() => document.activeElement?.textContent)).toBe('Reply');
    await ana.keyboard.press('Enter');
    const bar = ana.locator('.reply-bar');
    await bar.getByText('Replying to Ben').waitFor();
    expect(await composer(ana).evaluate((element) => element === document.activeElement)).toBe(true);
    await ana.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });

    await actions.focus();
    await ana.keyboard.press('Enter');
    await ana.getByRole('menuitem', { name: 'Reply' }).press('Enter');
    await bar.waitFor();
    await ana.keyboard.type('Great, thanks Ben');
    await ana.keyboard.press('Enter');
    await bar.waitFor({ state: 'detached' });
    for (const page of [ana, ben]) {
      const reply = messageWithText(page, 'Great, thanks Ben');
      await reply.waitFor();
      const quote = reply.locator('.reply-quote');
      expect(await quote.locator('.reply-quote-author').textContent()).toBe('Ben');
      expect(await quote.locator('.reply-quote-text').textContent()).toBe('Deploy finished');
    }
  });

  it('clicking a quote of a message far up the room loads the history around it and highlights it', async () => {
    const original = 'The original question about the release notes';
    await say(ben, original);
    const originalId = Number(await messageWithText(ben, original).getAttribute('data-message-id'));
    // 60 messages later, and after a reload, the original is not in the page Ana's browser holds.
    const client = await (await TestClient.connect(rig.server.wsUrl)).signup('Cleo');
    await post(client, 1, 'filler', 60);
    await client.expectReply('message', { room_id: 1, content: 'Answering it here', reply_to: originalId }, 'ack');
    await ana.reload();
    await waitSignedIn(ana);
    const reply = messageWithText(ana, 'Answering it here');
    await reply.waitFor();
    expect(await ana.locator(`.message[data-message-id="${originalId}"]`).count()).toBe(0);
    await reply.locator('.reply-quote').click();
    const target = ana.locator(`.message.highlighted[data-message-id="${originalId}"]`);
    await target.waitFor();
    expect(await target.locator('.message-text').textContent()).toBe(original);
    expect(await target.isVisible()).toBe(true);
    client.close();
  }, 60_000);
});
