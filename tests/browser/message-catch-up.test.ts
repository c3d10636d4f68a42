import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { messageWithText, type Rig, sentFrames, signUp, skipBrowser, startRig, stopRig, waitSignedIn } from './helpers.js';
import { socketSwitch } from './network.js';

const status = (page: Page, value: string) => page.locator(`[data-status="${value}"]`).first();

describe.skipIf(skipBrowser)('a page that was offline while messages changed', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('resumes with since_rev and shows every edit, deletion and reaction it missed, with no reload and no duplicate', async () => {
    const ana = await (await TestClient.connect(rig.server.wsUrl)).signup('Ana');
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const ack = await ana.expectReply('message', { room_id: 1, content: `note ${i}` }, 'ack');
      ids.push(ack.message_id);
    }
    const ben = await signUp(rig, 'Ben');
    const network = await socketSwitch(ben);
    // A new socket through the switch.
    await ben.reload();
    await waitSignedIn(ben);
    await messageWithText(ben, 'note 5').waitFor();

    await network.off();
    await status(ben, 'reconnecting').waitFor();
    const [first, second, third, fourth, fifth] = ids as [number, number, number, number, number];
    await ana.expectReply('message_edit', { message_id: first, content: 'note 1, corrected' }, 'ack');
    await ana.expectReply('message_edit', { message_id: second, content: 'note 2, corrected' }, 'ack');
    await ana.expectReply('message_delete', { message_id: third }, 'ack');
    await ana.expectReply('reaction_add', { message_id: fourth, emoji: '👍' }, 'ack');
    await ana.expectReply('reaction_add', { message_id: fifth, emoji: '🎉' }, 'ack');
    await ana.expectReply('reaction_remove', { message_id: fifth, emoji: '🎉' }, 'ack');
    await ana.expectReply('message', { room_id: 1, content: 'note 6' }, 'ack');
    network.on();

    await status(ben, 'signed-in').waitFor({ timeout: 20_000 });
    await messageWithText(ben, 'note 6').waitFor();
    await messageWithText(ben, 'note 1, corrected').waitFor();
    await messageWithText(ben, 'note 2, corrected').waitFor();
    await ben.locator(`.message[data-message-id="${third}"] .tombstone`).waitFor();
    await ben.locator(`.message[data-message-id="${fourth}"] .reaction-chip[data-emoji="👍"]`).waitFor();
    expect(await ben.locator(`.message[data-message-id="${fifth}"] .reaction-chip[data-emoji="🎉"]`).count()).toBe(0);
    // Each message once, in seq order, the old texts gone.
    const shown = await ben
      .locator('.messages .message[data-message-id]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-message-id')));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.slice(-6)).toEqual([...ids, shown.at(-1)].map(String));
    for (const gone of ['note 1', 'note 2', 'note 3']) expect(await messageWithText(ben, gone).count()).toBe(0);
    // Caught up by resume with a rev cursor, not by reloading the page.
    const resume = sentFrames(ben, 'resume').at(-1);
    expect(resume?.payload.since_rev).toHaveProperty('1');
    expect(sentFrames(ben, 'signin').length).toBe(0);
    expect(sentFrames(ben, 'signup').length).toBe(1);
    ana.close();
  }, 60_000);
});
