import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import {
  post,
  type Rig,
  roomLink,
  sees,
  shownSeqs,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  submitCredentials,
  waitSignedIn,
} from './helpers.js';

describe.skipIf(skipBrowser)('room history in a real browser: paging, jumps, catching up after a reconnect', () => {
  let rig: Rig;
  let ben: Page;

  beforeAll(async () => {
    rig = await startRig();
    ben = await signUp(rig, 'Ben');
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('loads older history when scrolled to the top, keeping the reader’s place', async () => {
    const dan = await (await TestClient.connect(rig.server.wsUrl)).signup('Dan');
    const { room } = await dan.expectReply('room_create', { kind: 'public', name: 'archive', members: ['Ben'] }, 'room');
    await post(dan, room.room_id, 'Archived note', 70);

    const link = roomLink(ben, 'archive');
    await link.and(ben.locator('[data-unread="70"]')).waitFor();
    await link.click();
    await sees(ben, 'Dan', 'Archived note 70');
    expect(await shownSeqs(ben)).toEqual(Array.from({ length: 50 }, (_, i) => i + 21));
    // Every message was unread, and the oldest are not loaded yet: offer the way there.
    await ben.locator('.unread-bar', { hasText: '70 new messages' }).waitFor();

    const list = ben.getByRole('list', { name: 'Messages in #archive' });
    await list.evaluate((element) => {
      element.scrollTop = 0;
    });
    await sees(ben, 'Dan', 'Archived note 1');
    expect(await shownSeqs(ben)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    // The older page went on top without moving what was on screen.
    expect(await list.evaluate((element) => element.scrollTop)).toBeGreaterThan(200);
    dan.close();
  });

  it('jumps to the first unread message when it is not loaded, and back to the latest', async () => {
    const dan = await (await TestClient.connect(rig.server.wsUrl)).signup('Dana');
    const { room } = await dan.expectReply('room_create', { kind: 'public', name: 'digest', members: ['Ben'] }, 'room');
    await post(dan, room.room_id, 'Digest item', 130);

    await roomLink(ben, 'digest').and(ben.locator('[data-unread="130"]')).waitFor();
    await roomLink(ben, 'digest').click();
    await sees(ben, 'Dana', 'Digest item 130');
    await ben.getByRole('button', { name: /Jump to first unread/ }).click();
    await sees(ben, 'Dana', 'Digest item 1');
    await ben.locator('.unread-divider + .message[data-seq="1"]').waitFor();
    // The page around the first unread does not reach the newest page: nothing past the gap is shown.
    const seqs = await shownSeqs(ben);
    expect(seqs[0]).toBe(1);
    expect(seqs.at(-1)).toBeLessThan(81);

    await ben.getByRole('button', { name: /Jump to latest/ }).click();
    await sees(ben, 'Dana', 'Digest item 130');
    expect(rig.dialogs).toEqual([]);
    dan.close();
  });

  it('after a reconnect, pages every opened room forward until nothing is missing', async () => {
    // Ben's sockets go through a switch: while it is off, the connection drops and every retry is refused.
    // It also notes the history pages Ben asks for.
    let offline = false;
    let sockets: Array<{ close: () => Promise<void> }> = [];
    const asked: Array<{ room_id: number; after_seq?: number }> = [];
    await ben.routeWebSocket(/\/connect$/, (page) => {
      if (offline) return void page.close();
      const server = page.connectToServer();
      page.onMessage((message) => {
        const frame = JSON.parse(String(message));
        if (frame.kind === 'history') asked.push(frame.payload);
        server.send(message);
      });
      sockets = [page, server];
    });
    await ben.reload();
    await submitCredentials(ben, 'Sign in', 'Ben');
    await waitSignedIn(ben);
    // Opened once, so its messages are held; then Ben looks elsewhere, so nothing on screen pages it in.
    await roomLink(ben, 'archive').click();
    await sees(ben, 'Dan', 'Archived note 70');
    await roomLink(ben, 'general').click();
    await ben.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    const roomId = Number(await roomLink(ben, 'archive').getAttribute('data-room-id'));

    offline = true;
    for (const socket of sockets) await socket.close();
    await ben.locator('.room-header [data-status="reconnecting"]').waitFor();
    // More than one page, and more than the 50 the seed's `authorized` page would bring back.
    const finn = await (await TestClient.connect(rig.server.wsUrl)).signup('Finn');
    await finn.expectReply('room_join', { room_id: roomId }, 'room');
    await post(finn, roomId, 'Offline note', 60);

    offline = false;
    await ben.locator('.room-header [data-status="signed-in"]').waitFor({ timeout: 20_000 });
    await roomLink(ben, 'archive').and(ben.locator('[data-unread="60"]')).waitFor();
    // Caught up in the background, page after page, before anyone looks: 71–120, then 121–130.
    await expect
      .poll(() =>
        asked.filter((payload) => payload.room_id === roomId && payload.after_seq !== undefined).map((payload) => payload.after_seq),
      )
      .toEqual([70, 120]);
    await roomLink(ben, 'archive').click();
    await sees(ben, 'Finn', 'Offline note 60');
    const seqs = await shownSeqs(ben);
    expect(seqs).toEqual(Array.from({ length: 110 }, (_, i) => i + 21));
    expect(await ben.getByRole('button', { name: /Jump to latest/ }).count()).toBe(0);
    finn.close();
  }, 60_000);
});
