import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import {
  createRoom,
  openDm,
  openPage,
  type Rig,
  readmeScreenshot,
  roomLink,
  say,
  sees,
  sentFrames,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  submitCredentials,
} from './helpers.js';

const XSS = '<img src=x onerror=alert(1)>';

describe.skipIf(skipBrowser)('web client in a real browser', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  let ana: Page;
  let ben: Page;

  it('two people sign up and each sees the other’s messages', async () => {
    ana = await signUp(rig, 'Ana');
    ben = await signUp(rig, 'Ben');
    await say(ana, 'Morning Ben! Did the deploy go out?');
    await sees(ben, 'Ana', 'Morning Ben! Did the deploy go out?');
    await say(ben, 'Yes, at 9:40. Health checks are green.');
    await say(ben, 'The new history paging is live too.');
    await sees(ana, 'Ben', 'The new history paging is live too.');
    await say(ana, 'Great, I will tell the others.');
    await say(ana, 'Lunch at 12:30?');
    await sees(ben, 'Ana', 'Lunch at 12:30?');
    await say(ben, 'Sounds good, see you there.');
    await sees(ana, 'Ben', 'Sounds good, see you there.');

    // A room and a DM for the picture: Ana's sidebar shows an unread badge.
    await createRoom(ana, 'design', { kind: 'Private', topic: 'Pixels, type and the new logo' });
    await roomLink(ana, 'general').click();
    await openDm(ben, 'Ana');
    await say(ben, 'Can you look at my pull request after lunch?');
    await roomLink(ana, 'Ben').and(ana.locator('[data-unread="1"]')).waitFor();
    await roomLink(ben, 'general').click();

    await readmeScreenshot(ana, 'screenshot.png');
  });

  it('shows markup in a message as literal text, never as elements', async () => {
    await say(ana, XSS);
    await sees(ben, 'Ana', XSS);
    for (const page of [ana, ben]) {
      expect(await page.locator('.messages img').count()).toBe(0);
      expect(await page.locator('.message-text', { hasText: XSS }).last().textContent()).toBe(XSS);
    }
    expect(rig.dialogs).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
  });

  it('shows the server’s refusal on the sign-in form', async () => {
    const page = await openPage(rig);
    await submitCredentials(page, 'Sign in', 'Ana', 'not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-reason')).toBe('bad_credentials');
    expect(await alert.textContent()).toMatch(/wrong password/i);

    await submitCredentials(page, 'Create account', 'ana');
    await page.locator('[role="alert"][data-reason="nickname_taken"]').waitFor();
  });

  it('reconnects after a server restart, resumes its session and sends what was typed offline', async () => {
    const port = new URL(rig.server.url).port;
    await rig.server.close();
    await ana.locator('.room-header [data-status="reconnecting"]').waitFor();
    await ana.getByRole('textbox', { name: 'Message' }).fill('Typed while the server was down');
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    await ana.locator('.message[data-pending="sending"]').waitFor();

    rig.server = await startTestServer({ ...rig.location.env, PORT: port });
    await sees(ben, 'Ana', 'Typed while the server was down');
    await ana.locator('.room-header [data-status="signed-in"]').waitFor();
    await ana.locator('.message[data-pending]').waitFor({ state: 'detached' });
    // Merged by message_id: the catch-up after the reconnect duplicated nothing.
    expect(await ana.locator('.message', { hasText: 'Lunch at 12:30?' }).count()).toBe(1);
    expect(await ben.locator('.message', { hasText: 'Typed while the server was down' }).count()).toBe(1);
    // Back in with the session token (kept in the database across the restart), not the password.
    for (const page of [ana, ben]) {
      expect(sentFrames(page, 'resume').length).toBeGreaterThan(0);
      expect(sentFrames(page).filter((frame) => 'password' in frame.payload).length).toBe(1);
    }
  }, 60_000);
});
