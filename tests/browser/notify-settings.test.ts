import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { type Rig, roomLink, signUp, skipBrowser, startRig, stopRig, waitSignedIn } from './helpers.js';

const fontWeight = (page: Page, name: string) =>
  roomLink(page, name)
    .locator('.room-link-name')
    .evaluate((element) => Number(getComputedStyle(element).fontWeight));

describe.skipIf(skipBrowser)('notification level and mute in the page', () => {
  let rig: Rig;
  let ben: Page;
  let second: Page;
  let dan: TestClient;

  beforeAll(async () => {
    rig = await startRig();
    ben = await signUp(rig, 'Ben');
    // The same person in a second tab (the same browser: the stored session signs it in).
    second = await ben.context().newPage();
    await second.goto(rig.server.url);
    await waitSignedIn(second);
    dan = await (await TestClient.connect(rig.server.wsUrl)).signup('Dan');
  });

  afterAll(async () => {
    dan.close();
    await stopRig(rig);
  });

  it('a level and a mute chosen in one tab show at once in the other; a muted room counts quietly, mentions still show', async () => {
    const { room } = await dan.expectReply('room_create', { kind: 'public', name: 'quiet', members: ['Ben'] }, 'room');
    await roomLink(ben, 'quiet').waitFor();
    await roomLink(second, 'quiet').waitFor();
    expect(await roomLink(second, 'quiet').getAttribute('data-level')).toBe('mentions');

    await roomLink(ben, 'quiet').click();
    await ben.getByRole('button', { name: 'Notifications', exact: true }).click();
    const dialog = ben.getByRole('dialog', { name: 'Notifications for quiet' });
    await dialog.getByLabel('Every message').check();
    await roomLink(second, 'quiet').and(second.locator('[data-level="all"]')).waitFor();
    await dialog.getByRole('button', { name: 'For 8 hours' }).click();
    await roomLink(second, 'quiet').and(second.locator('.muted')).waitFor();
    await dialog.getByText(/^Muted until /).waitFor();
    await ben.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The header says so too.
    await ben.getByRole('button', { name: 'Muted', exact: true }).waitFor();

    // Ben reads elsewhere; Dan writes three messages: the count stays, not bold, not red.
    await roomLink(ben, 'general').click();
    for (let i = 1; i <= 3; i++) await dan.expectReply('message', { room_id: room.room_id, content: `hush ${i}` }, 'ack');
    await roomLink(second, 'quiet').and(second.locator('[data-unread="3"]')).waitFor();
    expect(await fontWeight(second, 'quiet')).toBeLessThan(600);
    expect(await roomLink(second, 'quiet').locator('.badge.quiet').textContent()).toContain('3');
    // A room not muted is bold with its unread.
    const { room: loud } = await dan.expectReply('room_create', { kind: 'public', name: 'loud', members: ['Ben'] }, 'room');
    await dan.expectReply('message', { room_id: loud.room_id, content: 'hello' }, 'ack');
    await roomLink(second, 'loud').and(second.locator('[data-unread="1"]')).waitFor();
    expect(await fontWeight(second, 'loud')).toBeGreaterThanOrEqual(700);

    await dan.expectReply('message', { room_id: room.room_id, content: '@Ben are you there?' }, 'ack');
    await roomLink(second, 'quiet').and(second.locator('[data-mentions="1"]')).waitFor();
    expect(await roomLink(second, 'quiet').locator('.mention-badge').textContent()).toContain('@1');

    // Unmute from the second tab: the first follows.
    await roomLink(second, 'quiet').click();
    await second.getByRole('button', { name: 'Muted', exact: true }).click();
    await second.getByRole('dialog').getByRole('button', { name: 'Unmute', exact: true }).click();
    await roomLink(ben, 'quiet').and(ben.locator(':not(.muted)')).waitFor();
    await second.keyboard.press('Escape');
    // Reading the room clears its mention (in both tabs: the server's `read` tells the other).
    await roomLink(ben, 'quiet').and(ben.locator('[data-mentions="0"]')).waitFor();
  });

  it('the tab title and favicon count unread conversation messages and mentions', async () => {
    await roomLink(ben, 'general').click();
    await roomLink(second, 'general').click();
    const count = async (page: Page) => ({
      title: await page.title(),
      icon: await page.locator('link[rel="icon"]').getAttribute('data-count'),
    });
    // "loud" has one unread message, but no mention: a room counts only what calls you.
    await expect.poll(() => count(ben)).toEqual({ title: 'cerulean chalice', icon: '0' });

    const { room: dm } = await dan.expectReply('dm_open', { nickname: 'Ben' }, 'room');
    await dan.expectReply('message', { room_id: dm.room_id, content: 'one' }, 'ack');
    await dan.expectReply('message', { room_id: dm.room_id, content: 'two' }, 'ack');
    await expect.poll(() => count(ben)).toEqual({ title: '(2) cerulean chalice', icon: '2' });
    const loud = (await dan.expectReply('rooms', {}, 'rooms')).rooms.find((room) => room.name === 'loud');
    await dan.expectReply('message', { room_id: loud?.room_id, content: 'ping @room' }, 'ack');
    await expect.poll(() => count(ben)).toEqual({ title: '(3) cerulean chalice', icon: '3' });
    expect(await ben.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);

    await roomLink(ben, 'Dan').click();
    await expect.poll(() => count(ben)).toEqual({ title: '(1) cerulean chalice', icon: '1' });
    await expect.poll(() => count(second)).toEqual({ title: '(1) cerulean chalice', icon: '1' });
    expect(rig.pageErrors).toEqual([]);
  });
});
