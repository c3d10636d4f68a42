import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import {
  openPage,
  PASSWORD,
  type Rig,
  receivedFrames,
  say,
  sees,
  sentFrames,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  storageContents,
  submitCredentials,
  waitForFrame,
  waitSignedIn,
} from './helpers.js';

const SESSION_KEY = 'cerulean-chalice:session';

/** The session a page keeps in localStorage, if any. */
async function storedSession(page: Page): Promise<{ token: string; user_id: number; nickname: string } | null> {
  const raw = (await storageContents(page)).local[SESSION_KEY];
  return raw === undefined ? null : JSON.parse(raw);
}

/** Frames carrying a password, over the page's whole life. */
const passwordsSent = (page: Page) => sentFrames(page).filter((frame) => 'password' in frame.payload);

/** Asks the server directly what it makes of a token. */
async function tryToken(rig: Rig, token: string) {
  const client = await TestClient.connect(rig.server.wsUrl);
  const reply = await client.expectReply('resume', { token }, 'authorize');
  return { client, reply };
}

describe.skipIf(skipBrowser)('sessions in a real browser: reload, sign-out, revoked tokens', () => {
  let rig: Rig;
  let ana: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana');
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('keeps the session token in localStorage, and the password nowhere', async () => {
    const granted = receivedFrames(ana, 'authorize').at(-1)?.payload;
    expect(granted?.allowed).toBe(true);
    expect(await storedSession(ana)).toEqual({ token: granted?.token, user_id: granted?.user_id, nickname: 'Ana' });
    expect(JSON.stringify(await storageContents(ana))).not.toContain(PASSWORD);
  });

  it('a reloaded page is still signed in and shows what was said while it was away', async () => {
    const bob = await (await TestClient.connect(rig.server.wsUrl)).signup('Bob');
    await say(ana, 'Anyone around?');
    await ana.goto('about:blank');
    await bob.expectReply('message', { room_id: 1, content: 'Said while Ana was away' }, 'ack');

    await ana.goto(rig.server.url);
    await waitSignedIn(ana);
    await sees(ana, 'Bob', 'Said while Ana was away');
    await sees(ana, 'Ana', 'Anyone around?');
    expect(await ana.getByLabel('Password').count()).toBe(0);
    // Back in with the token: the only password this page ever sent was the sign-up's.
    expect(sentFrames(ana, 'resume').length).toBe(1);
    expect(passwordsSent(ana).length).toBe(1);
    expect(JSON.stringify(await storageContents(ana))).not.toContain(PASSWORD);
    bob.close();
  });

  it('signing out revokes the token and returns to the form; a reload stays signed out', async () => {
    const token = (await storedSession(ana))?.token as string;
    await ana.getByRole('button', { name: 'Sign out' }).click();
    await ana.getByLabel('Password').waitFor();
    await waitForFrame(ana, 'signed_out', () => true);
    expect(await storedSession(ana)).toBeNull();
    expect(JSON.stringify(await storageContents(ana))).not.toContain(token);

    const resumes = sentFrames(ana, 'resume').length;
    await ana.reload();
    await ana.locator('.auth [data-status="connected"]').waitFor();
    expect(await ana.locator('.chat').count()).toBe(0);
    expect(sentFrames(ana, 'resume').length).toBe(resumes);

    const { client, reply } = await tryToken(rig, token);
    expect(reply).toMatchObject({ allowed: false, reason: 'invalid_token' });
    client.close();
  });

  it('signing out elsewhere brings this page back to the form at once, with a short explanation', async () => {
    await submitCredentials(ana, 'Sign in', 'Ana');
    await waitSignedIn(ana);
    expect(JSON.stringify(await storageContents(ana))).not.toContain(PASSWORD);
    const token = (await storedSession(ana))?.token as string;

    // Another device signs the same session out: the server closes this page's connection too.
    const { client, reply } = await tryToken(rig, token);
    expect(reply.allowed).toBe(true);
    await client.expectReply('signout', {}, 'signed_out');
    client.close();

    const alert = ana.locator('[role="alert"][data-reason="signed_out"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/sign in again/i);
    expect(await storedSession(ana)).toBeNull();
    await ana.reload();
    await ana.getByLabel('Password').waitFor();
  });

  it('a second tab of the same session signs out with the first', async () => {
    await submitCredentials(ana, 'Sign in', 'Ana');
    await waitSignedIn(ana);
    const second = await ana.context().newPage();
    await second.goto(rig.server.url);
    await waitSignedIn(second);

    await ana.getByRole('button', { name: 'Sign out' }).click();
    await second.getByLabel('Password').waitFor();
    await ana.getByLabel('Password').waitFor();
    await second.close();
  });

  it('a new page in another browser starts at the form', async () => {
    const page = await openPage(rig);
    await page.locator('.auth [data-status="connected"]').waitFor();
    expect(await storageContents(page)).toEqual({ local: {}, session: {} });
    await page.context().close();
  });
});
