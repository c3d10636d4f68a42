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
  let finn: TestClient;

  beforeAll(async () => {
    rig = await startRig({ RESUME_MAX_MESSAGES: '25' });
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

    // "Jump to latest messages ↓", or "N new messages ↓" once some of them are known unread.
    await ben.locator('.jump-latest').click();
    await sees(ben, 'Dana', 'Digest item 130');
    expect(rig.dialogs).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
    dan.close();
  });

  // Ben's sockets go through a switch: while it is off, the connection drops and every retry is refused.
  // It also notes the frames Ben sends.
  let offline = false;
  let sockets: Array<{ close: () => Promise<void> }> = [];
  const sent: Array<{ kind: string; payload: Record<string, unknown> }> = [];
  const pagedAfter = (roomId: number, from = 0) =>
    sent
      .slice(from)
      .filter((frame) => frame.kind === 'history' && frame.payload.room_id === roomId && frame.payload.after_rev !== undefined)
      .map((frame) => frame.payload.after_rev);
  const goOffline = async (page: Page) => {
    offline = true;
    for (const socket of sockets) await socket.close();
    await page.locator('.room-header [data-status="reconnecting"]').waitFor();
  };

  it('after a reconnect, resumes from the newest rev held and pages on where the catch-up was capped', async () => {
    await ben.routeWebSocket(/\/connect$/, (page) => {
      if (offline) return void page.close();
      const server = page.connectToServer();
      page.onMessage((message) => {
        sent.push(JSON.parse(String(message)));
        server.send(message);
      });
      sockets = [page, server];
    });
    // Signed back in by the stored session: no form.
    await ben.reload();
    await waitSignedIn(ben);
    // Opened once, so its messages are held; then Ben looks elsewhere, so nothing on screen pages it in.
    await roomLink(ben, 'archive').click();
    await sees(ben, 'Dan', 'Archived note 70');
    await roomLink(ben, 'general').click();
    await ben.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    const roomId = Number(await roomLink(ben, 'archive').getAttribute('data-room-id'));

    await goOffline(ben);
    // More than the resume's cap (RESUME_MAX_MESSAGES, 25 here), so the page must page on.
    finn = await (await TestClient.connect(rig.server.wsUrl)).signup('Finn');
    await finn.expectReply('room_join', { room_id: roomId }, 'room');
    await post(finn, roomId, 'Offline note', 60);

    offline = false;
    await ben.locator('.room-header [data-status="signed-in"]').waitFor({ timeout: 20_000 });
    await roomLink(ben, 'archive').and(ben.locator('[data-unread="60"]')).waitFor();
    const resume = sent.filter((frame) => frame.kind === 'resume').at(-1)?.payload;
    // The room's newest rev held: nothing in it was ever edited, so its 70 messages took revs 1–70.
    expect(resume?.since_rev).toMatchObject({ [roomId]: 70 });
    // Caught up in the background before anyone looks: 71–95 came with the resume, then 96–130 from after_rev 95.
    await expect.poll(() => pagedAfter(roomId)).toEqual([95]);
    await roomLink(ben, 'archive').click();
    await sees(ben, 'Finn', 'Offline note 60');
    expect(await shownSeqs(ben)).toEqual(Array.from({ length: 110 }, (_, i) => i + 21));
    expect(await ben.getByRole('button', { name: /Jump to latest/ }).count()).toBe(0);
    expect(sent.some((frame) => 'password' in frame.payload)).toBe(false);
    await roomLink(ben, 'general').click();
  }, 60_000);

  it('when the session was revoked meanwhile, signing in with the password pages held rooms forward', async () => {
    const roomId = Number(await roomLink(ben, 'archive').getAttribute('data-room-id'));
    const token = await ben.evaluate(() => JSON.parse(localStorage.getItem('cerulean-chalice:session') ?? '{}').token);
    await goOffline(ben);
    const elsewhere = await TestClient.connect(rig.server.wsUrl);
    expect((await elsewhere.expectReply('resume', { token }, 'authorize')).allowed).toBe(true);
    await elsewhere.expectReply('signout', {}, 'signed_out');
    await post(finn, roomId, 'Later note', 60);

    const from = sent.length;
    offline = false;
    await ben.locator('[role="alert"][data-reason="invalid_token"]').waitFor({ timeout: 20_000 });
    await submitCredentials(ben, 'Sign in', 'Ben');
    await waitSignedIn(ben);
    // What was held is kept for the same person and brought forward page by page: 131–180, then 181–190.
    await expect.poll(() => pagedAfter(roomId, from)).toEqual([130, 180]);
    await roomLink(ben, 'archive').click();
    await sees(ben, 'Finn', 'Later note 60');
    // 21–190 are held without a gap; the list renders the newest 150 of them (its window, see use-message-window.ts).
    expect(await shownSeqs(ben)).toEqual(Array.from({ length: 150 }, (_, i) => i + 41));
    finn.close();
  }, 60_000);
});
