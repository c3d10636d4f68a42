import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { messageWithText, openPage, type Rig, roomLink, skipBrowser, startRig, stopRig, waitSignedIn } from './helpers.js';

/** The focused element's accessible name, roughly as a screen reader would say it. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> };
    if (element === document.body) return { name: '', visible: false };
    const label = element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '';
    return { name: label.replace(/\s+/g, ' ').trim(), visible: element.matches(':focus-visible') };
  });

/** Presses Tab until the focused control is named `name` (exactly, or matching); every stop on the way shows its focus. */
async function tabTo(page: Page, name: string | RegExp, options: { back?: boolean } = {}) {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const focused = await focusedName(page);
    if (focused.name !== '') expect(focused.visible, `focus ring on "${focused.name}"`).toBe(true);
    if (typeof name === 'string' ? focused.name === name : name.test(focused.name)) return;
  }
  throw new Error(`no control named ${name} within 80 Tab presses`);
}

const heading = (page: Page) => page.locator('.room-header .room-name').textContent();

describe.skipIf(skipBrowser)('everything by keyboard alone', () => {
  let rig: Rig;
  let ben: TestClient;

  beforeAll(async () => {
    rig = await startRig();
    ben = await (await TestClient.connect(rig.server.wsUrl)).signup('Ben');
  });

  afterAll(async () => {
    ben.close();
    await stopRig(rig);
  });

  it('sign up, create a room, invite, send, message actions, switch rooms, a draft across a reload, leave, sign out: no mouse', async () => {
    const page = await openPage(rig);
    const countMouse = () =>
      page.evaluate(() => {
        const counts = window as unknown as { __mouse?: number };
        if (counts.__mouse === undefined) {
          counts.__mouse = 0;
          for (const kind of ['mousedown', 'pointerdown'])
            window.addEventListener(kind, () => (counts.__mouse = (counts.__mouse ?? 0) + 1), true);
        }
        return counts.__mouse;
      });
    await countMouse();

    await tabTo(page, 'Create account');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Nickname');
    await page.keyboard.type('Kira');
    await tabTo(page, 'Password');
    // The rule is on screen before anyone breaks it.
    await page.getByText('At least 8 characters.').waitFor();
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await waitSignedIn(page);

    await tabTo(page, 'Create room');
    await page.keyboard.press('Enter');
    const create = page.getByRole('dialog', { name: 'Create a room' });
    await create.waitFor();
    await tabTo(page, /^Public/);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Name');
    await page.keyboard.type('plans');
    await page.keyboard.press('Enter');
    await create.waitFor({ state: 'detached' });
    await page.locator('.room-header .room-name', { hasText: 'plans' }).waitFor();
    expect(await page.locator('.room-header h2').getAttribute('title')).toBe('private room');

    await tabTo(page, 'Invite');
    await page.keyboard.press('Enter');
    const invite = page.getByRole('dialog', { name: 'Invite to plans' });
    await invite.waitFor();
    await tabTo(page, 'Nickname');
    await page.keyboard.type('Ben');
    await page.keyboard.press('Enter');
    await invite.waitFor({ state: 'detached' });
    // Focus is back where it was: on Invite.
    await expect.poll(async () => (await focusedName(page)).name).toBe('Invite');
    await ben.next('room', (payload) => payload.room.name === 'plans');

    await tabTo(page, 'Message');
    await page.keyboard.type('First line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    const sent = messageWithText(page, 'First line\nsecond line');
    await sent.waitFor();
    expect((await focusedName(page)).name).toBe('Message');

    await tabTo(page, 'Message actions', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('menu', { name: 'Message actions' }).waitFor();
    expect((await focusedName(page)).name).toBe('Reply');
    await page.keyboard.press('ArrowDown');
    expect((await focusedName(page)).name).toBe('Add reaction');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect((await focusedName(page)).name).toBe('Message actions');

    // A draft stays with its room, across switching rooms (Alt+↑/↓) and a reload.
    await tabTo(page, 'Message');
    await page.keyboard.type('Half a thought');
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('.room-header .room-name', { hasText: 'plans' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Half a thought');
    expect(await countMouse()).toBe(0);
    await page.reload();
    await waitSignedIn(page);
    await countMouse();
    expect(await heading(page)).toBe('plans');
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Half a thought');

    // Alt+Shift+↓: the next room with unread messages.
    await ben.expectReply('message', { room_id: 1, content: 'Anyone for lunch?' }, 'ack');
    await roomLink(page, 'general').and(page.locator('[data-unread="1"]')).waitFor();
    await page.keyboard.press('Alt+Shift+ArrowDown');
    await page.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    // Ctrl+K: part of a name, Enter.
    await page.keyboard.press('Control+K');
    await page.getByRole('dialog', { name: 'Jump to a room' }).waitFor();
    await page.keyboard.type('pla');
    await page.keyboard.press('Enter');
    await page.locator('.room-header .room-name', { hasText: 'plans' }).waitFor();
    // Back (the browser's) returns to the room before.
    await page.goBack();
    await page.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    await page.goForward();
    await page.locator('.room-header .room-name', { hasText: 'plans' }).waitFor();

    await tabTo(page, 'Leave');
    await page.keyboard.press('Enter');
    const leave = page.getByRole('dialog', { name: 'Leave plans?' });
    await leave.waitFor();
    await tabTo(page, 'Leave');
    await page.keyboard.press('Enter');
    await leave.waitFor({ state: 'detached' });
    await page.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    expect(await roomLink(page, 'plans').count()).toBe(0);

    await tabTo(page, 'Sign out');
    await page.keyboard.press('Enter');
    await page.getByLabel('Password').waitFor();
    expect(await countMouse()).toBe(0);
    expect(rig.pageErrors).toEqual([]);
  }, 60_000);
});
