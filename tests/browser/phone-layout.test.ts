import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, messageWithText, PHONE, type Rig, roomLink, say, signUp, skipBrowser, startRig, stopRig } from './helpers.js';
import { overflowingElements } from './network.js';

/** Visible controls smaller than a fingertip (44 × 44 CSS px, WCAG 2.5.5), by label. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], select, [role="menuitem"], [role="option"]')]
      // A link inside a sentence of a message is exempt (WCAG 2.5.5: inline targets).
      .filter((element) => element.offsetParent !== null && !element.closest('.visually-hidden, .message-text'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.height < 43.5 || box.width < 43.5;
      })
      .map((element) => `${element.className}: "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 30)}"`),
  );
}

describe.skipIf(skipBrowser)('the page on a phone (390 × 844)', () => {
  let rig: Rig;
  let ana: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana', { viewport: PHONE, hasTouch: true });
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('the room list and the conversation are two screens, with a back button between them', async () => {
    const room = ana.locator('main.room');
    const list = ana.locator('aside.sidebar');
    await room.waitFor();
    expect(await list.isVisible()).toBe(false);
    expect(await overflowingElements(ana)).toEqual([]);

    await ana.getByRole('button', { name: 'Back to rooms' }).click();
    await list.waitFor();
    expect(await room.isVisible()).toBe(false);
    // The room list is a screen of its own here, so it says how the connection is too.
    await ana.locator('.sidebar [data-status="signed-in"]').waitFor();
    expect(await ana.locator('.sidebar .status-text').textContent()).toBe('Online');
    expect(await overflowingElements(ana)).toEqual([]);
    expect(await smallTargets(ana)).toEqual([]);

    await roomLink(ana, 'general').click();
    await room.waitFor();
    expect(await list.isVisible()).toBe(false);
  });

  it('a room whose header has every tool (owner of a private room) fits the screen, and so do its dialogs', async () => {
    await ana.getByRole('button', { name: 'Back to rooms' }).click();
    await createRoom(ana, 'design-reviews-and-critique', { kind: 'Private', topic: 'Pixels, type and the new logo, every Thursday' });
    expect(await overflowingElements(ana)).toEqual([]);
    for (const name of ['Invite', 'Edit', 'Leave']) await ana.getByRole('button', { name, exact: true }).waitFor();
    expect(await smallTargets(ana)).toEqual([]);

    const invite = ana.getByRole('button', { name: 'Invite', exact: true });
    await invite.click();
    await ana.getByRole('dialog').waitFor();
    expect(await overflowingElements(ana)).toEqual([]);
    await ana.keyboard.press('Escape');
    await ana.getByRole('dialog').waitFor({ state: 'detached' });
    // Focus went back to the button that opened the dialog.
    expect(await invite.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('long words and links wrap inside the message; the ⋯ button opens its actions', async () => {
    const long = `See https://example.com/${'a-very-long-path-segment/'.repeat(6)} and ${'Donaudampfschifffahrtsgesellschaft'.repeat(3)}`;
    await say(ana, long);
    expect(await overflowingElements(ana)).toEqual([]);

    const message = messageWithText(ana, long);
    await message.getByRole('button', { name: 'Message actions' }).click();
    const menu = ana.getByRole('menu', { name: 'Message actions' });
    await menu.getByRole('menuitem', { name: 'Copy link to message' }).waitFor();
    expect(await overflowingElements(ana)).toEqual([]);
    await ana.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await smallTargets(ana)).toEqual([]);
  });

  it('message actions on a phone: a long press or ⋯ opens them; reply, react and edit fit the screen with fingertip targets', async () => {
    await say(ana, 'Phone message for the actions');
    const message = messageWithText(ana, 'Phone message for the actions');
    const menu = ana.getByRole('menu', { name: 'Message actions' });
    // A long press (a touch held still) on the message opens its menu.
    await message.locator('.message-text').dispatchEvent('pointerdown', { pointerType: 'touch', isPrimary: true, bubbles: true });
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'Reply',
      'Add reaction',
      'Edit',
      'Copy text',
      'Copy link to message',
      'Delete',
    ]);
    expect(await overflowingElements(ana)).toEqual([]);
    expect(await smallTargets(ana)).toEqual([]);
    await menu.getByRole('menuitem', { name: 'Add reaction' }).tap();
    const picker = ana.getByRole('group', { name: 'Choose a reaction' });
    await picker.waitFor();
    expect(await overflowingElements(ana)).toEqual([]);
    expect(await smallTargets(ana)).toEqual([]);
    await picker.getByRole('button', { name: '🎉' }).tap();
    await message.locator('.reaction-chip[data-emoji="🎉"]').waitFor();

    await message.getByRole('button', { name: 'Message actions' }).tap();
    await menu.getByRole('menuitem', { name: 'Reply' }).tap();
    await ana.locator('.reply-bar').waitFor();
    await say(ana, 'Answering myself on the phone');
    await messageWithText(ana, 'Answering myself on the phone').locator('.reply-quote').waitFor();

    await message.getByRole('button', { name: 'Message actions' }).tap();
    await menu.getByRole('menuitem', { name: 'Edit' }).tap();
    await ana.getByRole('textbox', { name: 'Edit message' }).waitFor();
    expect(await overflowingElements(ana)).toEqual([]);
    expect(await smallTargets(ana)).toEqual([]);
    await ana.getByRole('button', { name: 'Cancel' }).tap();
    await ana.getByRole('textbox', { name: 'Edit message' }).waitFor({ state: 'detached' });
    expect(await overflowingElements(ana)).toEqual([]);
    expect(await smallTargets(ana)).toEqual([]);
  });

  it('the composer stays on screen above an on-screen keyboard (the visual viewport shrinks)', async () => {
    const composer = ana.getByRole('textbox', { name: 'Message' });
    await composer.click();
    // The keyboard takes the lower 350 px: with interactive-widget=resizes-content the page is resized to what is left.
    await ana.setViewportSize({ width: PHONE.width, height: PHONE.height - 350 });
    try {
      await expect
        .poll(() =>
          composer.evaluate((element) => {
            const box = element.getBoundingClientRect();
            const viewport = window.visualViewport?.height ?? window.innerHeight;
            return box.top >= 0 && box.bottom <= viewport && document.activeElement === element;
          }),
        )
        .toBe(true);
      expect(await overflowingElements(ana)).toEqual([]);
      // The send button is on screen too, and the header still shows where you are.
      const send = await ana.getByRole('button', { name: 'Send' }).boundingBox();
      expect(send && send.y + send.height <= PHONE.height - 350).toBe(true);
      await ana.locator('.room-header').waitFor();
      await say(ana, 'typed over the keyboard');
    } finally {
      await ana.setViewportSize(PHONE);
    }
  });
});
