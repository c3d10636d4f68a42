import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { post, type Rig, roomLink, sees, sentFrames, signUp, skipBrowser, startRig, stopRig } from './helpers.js';

/** Where an element sits in the message list's visible box: above it, inside, or below. */
function placeInList(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const list = document.querySelector('.messages') as HTMLElement;
    const target = list.querySelector(selector) as HTMLElement | null;
    if (!target) return 'missing';
    const box = list.getBoundingClientRect();
    const item = target.getBoundingClientRect();
    if (item.bottom <= box.top) return 'above';
    if (item.top >= box.bottom) return 'below';
    return 'inside';
  }, selector);
}

describe.skipIf(skipBrowser)('reading position: the first unread, and new messages while scrolled up', () => {
  let rig: Rig;
  let ben: Page;
  let dan: TestClient;

  beforeAll(async () => {
    rig = await startRig();
    ben = await signUp(rig, 'Ben');
    dan = await (await TestClient.connect(rig.server.wsUrl)).signup('Dan');
  });

  afterAll(async () => {
    dan.close();
    await stopRig(rig);
  });

  it('jumping to the first of 60 unread (past the first page) shows it, with the divider on screen', async () => {
    const { room } = await dan.expectReply('room_create', { kind: 'public', name: 'sixty', members: ['Ben'] }, 'room');
    await post(dan, room.room_id, 'Read note', 40);
    await roomLink(ben, 'sixty').click();
    await sees(ben, 'Dan', 'Read note 40');
    await expect
      .poll(() => sentFrames(ben, 'read').some((frame) => frame.payload.room_id === room.room_id && frame.payload.seq === 40), {
        timeout: 5_000,
      })
      .toBe(true);
    await roomLink(ben, 'general').click();
    await post(dan, room.room_id, 'Sixty note', 60);
    await roomLink(ben, 'sixty').and(ben.locator('[data-unread="60"]')).waitFor();
    await roomLink(ben, 'sixty').click();
    await sees(ben, 'Dan', 'Sixty note 60');
    await ben.locator('.unread-bar', { hasText: '60 new messages' }).waitFor();

    await ben.getByRole('button', { name: /Jump to first unread/ }).click();
    await ben.locator('.message[data-seq="41"]').waitFor();
    await expect.poll(() => placeInList(ben, '.unread-divider')).toBe('inside');
    expect(await placeInList(ben, '.message[data-seq="41"]')).toBe('inside');
  });

  it('a message arriving while scrolled up shows a count below and is not marked read until seen', async () => {
    const { room } = await dan.expectReply('room_create', { kind: 'public', name: 'busy', members: ['Ben'] }, 'room');
    await post(dan, room.room_id, 'Busy note', 40);
    await roomLink(ben, 'busy').click();
    await sees(ben, 'Dan', 'Busy note 40');
    await expect
      .poll(() => sentFrames(ben, 'read').some((frame) => frame.payload.room_id === room.room_id && frame.payload.seq === 40), {
        timeout: 5_000,
      })
      .toBe(true);

    await ben.locator('.messages').evaluate((element) => {
      element.scrollTop = 0;
    });
    await expect.poll(() => placeInList(ben, '.message[data-seq="40"]')).toBe('below');
    // The page hears of the scroll on its next frame: until then it still follows the newest message and
    // would scroll a new one into view. It has heard once it offers the way back down.
    await ben.getByRole('button', { name: /Jump to latest messages/ }).waitFor();
    await dan.expectReply('message', { room_id: room.room_id, content: 'Arrived while Ben read older ones' }, 'ack');
    const jump = ben.getByRole('button', { name: /1 new message/ });
    await jump.waitFor();
    // Not on screen, so not read: the sidebar counts it, and no marker went to the server.
    await roomLink(ben, 'busy').and(ben.locator('[data-unread="1"]')).waitFor();
    await ben.waitForTimeout(600);
    expect(sentFrames(ben, 'read').some((frame) => frame.payload.room_id === room.room_id && frame.payload.seq === 41)).toBe(false);
    expect(await placeInList(ben, '.message[data-seq="41"]')).toBe('below');

    await jump.click();
    await expect.poll(() => placeInList(ben, '.message[data-seq="41"]')).toBe('inside');
    await roomLink(ben, 'busy').and(ben.locator('[data-unread="0"]')).waitFor();
    await expect
      .poll(() => sentFrames(ben, 'read').some((frame) => frame.payload.room_id === room.room_id && frame.payload.seq === 41), {
        timeout: 5_000,
      })
      .toBe(true);
    await jump.waitFor({ state: 'detached' });
  });
});
