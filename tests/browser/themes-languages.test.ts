import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { seriousViolations } from './axe.js';
import {
  createRoom,
  DESKTOP,
  messageWithText,
  openPage,
  PHONE,
  type Rig,
  ROOT,
  roomLink,
  say,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  waitSignedIn,
} from './helpers.js';

/** The README's pictures: refreshed only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? `${ROOT}docs/screenshots` : `${ROOT}test-results/screenshots`;

const themes = ['light', 'dark'] as const;

describe.skipIf(skipBrowser)('both themes and both languages: no serious accessibility violation on any screen', () => {
  let rig: Rig;
  let bob: TestClient;

  beforeAll(async () => {
    rig = await startRig();
    await mkdir(SHOTS, { recursive: true });
    bob = await (await TestClient.connect(rig.server.wsUrl)).signup('Bob');
    for (const text of ['Morning! Did the deploy go out?', 'The new history paging is live too.']) {
      await bob.expectReply('message', { room_id: 1, content: text }, 'ack');
    }
  });

  afterAll(async () => {
    bob.close();
    await stopRig(rig);
  });

  /** axe on what the page shows now, named for the failure message. */
  const check = async (page: Page, screen: string) => expect(await seriousViolations(page), screen).toEqual([]);

  for (const theme of themes) {
    it(`sign-in, room, dialogs and the phone layout in the ${theme} theme, in English`, async () => {
      const signIn = await openPage(rig, { colorScheme: theme });
      await signIn.getByRole('tab', { name: 'Create account' }).waitFor();
      await check(signIn, 'sign-in');
      await signIn.context().close();

      const name = `Ana-${theme}`;
      const ana = await signUp(rig, name, { colorScheme: theme });
      expect(await ana.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await say(ana, 'Great, I will tell the others.');
      await bob.expectReply('message', { room_id: 1, content: `Lunch at 12:30, ${name}?` }, 'ack');
      await messageWithText(ana, `Lunch at 12:30, ${name}?`).waitFor();
      await check(ana, 'room');
      await createRoom(ana, `design-${theme}`, { kind: 'Private', topic: 'Pixels, type and the new logo' });
      await roomLink(ana, 'general').click();
      await ana.getByRole('button', { name: 'Members', exact: true }).click();
      await ana.getByRole('complementary', { name: 'Members' }).getByRole('heading').waitFor();
      await check(ana, 'room with members');
      await ana.getByRole('button', { name: 'Members', exact: true }).click();
      await ana.mouse.move(0, 0);
      await ana.screenshot({ path: `${SHOTS}/desktop-${theme}.png` });

      for (const [open, dialog] of [
        ['Create room', 'Create a room'],
        ['Settings', 'Settings'],
        ['Browse rooms', 'Browse rooms'],
        ['Notifications', 'Notifications for general'],
      ]) {
        await ana.getByRole('button', { name: open, exact: true }).click();
        await ana.getByRole('dialog', { name: dialog }).waitFor();
        await check(ana, `dialog ${dialog}`);
        await ana.keyboard.press('Escape');
        await ana.getByRole('dialog').waitFor({ state: 'detached' });
      }
      await ana.keyboard.press('Control+K');
      await ana.getByRole('dialog', { name: 'Jump to a room' }).waitFor();
      await check(ana, 'quick switcher');
      await ana.keyboard.press('Escape');

      await ana.setViewportSize(PHONE);
      await ana.getByRole('button', { name: 'Back to rooms' }).waitFor();
      await check(ana, 'phone: room');
      await ana.screenshot({ path: `${SHOTS}/phone-${theme}.png` });
      await ana.getByRole('button', { name: 'Back to rooms' }).click();
      await check(ana, 'phone: room list');
      await ana.setViewportSize(DESKTOP);
      await ana.context().close();
      expect(rig.pageErrors).toEqual([]);
    }, 60_000);
  }

  it('in Russian, chosen from the browser’s languages: plurals for 1, 2, 5 and 21 unread, dates, an error', async () => {
    const signIn = await openPage(rig, { locale: 'ru-RU' });
    await signIn.getByRole('tab', { name: 'Войти' }).waitFor();
    expect(await signIn.evaluate(() => document.documentElement.lang)).toBe('ru');
    await signIn.getByRole('tab', { name: 'Войти' }).click();
    await signIn.getByLabel('Имя').fill('Bob');
    await signIn.getByLabel('Пароль').fill('not the password');
    await signIn.getByRole('button', { name: 'Войти' }).last().click();
    expect(await signIn.getByRole('alert').textContent()).toBe('Неизвестное имя или неверный пароль.');
    await check(signIn, 'ru sign-in');
    const vera = signIn;
    await vera.getByRole('tab', { name: 'Создать аккаунт' }).click();
    // The password rule is there before anyone breaks it.
    await vera.getByText('Не меньше 8 символов.').waitFor();
    await vera.getByLabel('Имя').fill('Вера');
    await vera.getByLabel('Пароль').fill('correct horse battery');
    await vera.getByRole('button', { name: 'Создать аккаунт' }).last().click();
    await waitSignedIn(vera);
    const counts: Record<number, string> = {
      1: '1 непрочитанное сообщение',
      2: '2 непрочитанных сообщения',
      5: '5 непрочитанных сообщений',
      21: '21 непрочитанное сообщение',
    };
    for (const [count, words] of Object.entries(counts)) {
      const { room } = await bob.expectReply('room_create', { kind: 'public', name: `комната-${count}`, members: ['Вера'] }, 'room');
      for (let i = 1; i <= Number(count); i++) await bob.expectReply('message', { room_id: room.room_id, content: `№${i}` }, 'ack');
      const link = roomLink(vera, `комната-${count}`);
      await link.and(vera.locator(`[data-unread="${count}"]`)).waitFor();
      expect(await link.locator('.badge .visually-hidden').textContent()).toBe(words);
    }
    // Dates: the separator above today's messages.
    await vera.locator('.date-separator', { hasText: 'Сегодня' }).first().waitFor();
    await check(vera, 'ru room');

    // The switch: English, remembered across a reload.
    await vera.getByRole('button', { name: 'Настройки' }).click();
    await vera.getByLabel('Язык').selectOption('en');
    await vera.getByRole('button', { name: 'Settings' }).waitFor();
    await vera.reload();
    await vera.getByRole('button', { name: 'Settings' }).waitFor();
    await vera.context().close();
  }, 60_000);
});
