import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyLevel } from '../../src/protocol/notifications.js';
import type { RoomKind } from '../../src/protocol/rooms.js';
import { TestClient } from '../helpers/client.js';
import { recordFrames } from './frames.js';
import { PASSWORD, type Rig, signUp, skipBrowser, startRig, stopRig, waitForFrame, waitSignedIn } from './helpers.js';
import { clickNotification, setHidden, shownNotifications, watchNotifications } from './notification-page.js';

const LEVELS: NotifyLevel[] = ['all', 'mentions', 'nothing'];

/**
 * What the table expects, written from the issue rather than from the code: nothing while the person
 * looks at the page; never at level "nothing"; a muted room only for a mention; else every message at
 * "all" and mentions at "mentions".
 */
function expected(hidden: boolean, level: NotifyLevel, muted: boolean, mentioned: boolean): boolean {
  if (!hidden || level === 'nothing') return false;
  if (muted) return mentioned;
  return level === 'all' || mentioned;
}

async function signIn(rig: Rig, nickname: string): Promise<TestClient> {
  const client = await TestClient.connect(rig.server.wsUrl);
  client.send('signin', { connection_id: client.connectionId, nickname, password: PASSWORD });
  const reply = await client.next('authorize');
  if (!reply.payload.allowed) throw new Error(`signin refused: ${reply.payload.reason}`);
  return client;
}

const sentIn = (page: Page, content: string) =>
  waitForFrame(page, 'send', (payload) => (payload.messages as Array<{ content: string }>).some((message) => message.content === content));

describe.skipIf(skipBrowser)('desktop notifications in the page', () => {
  let rig: Rig;
  let ben: Page;
  let benRaw: TestClient;
  let dan: TestClient;
  let eve: TestClient;
  const rooms: Array<{ kind: RoomKind; id: number }> = [];

  beforeAll(async () => {
    // The table sends about a hundred messages in a row.
    rig = await startRig({ MESSAGES_PER_SECOND: '500', MESSAGES_BURST: '500', FRAMES_PER_SECOND: '1000', FRAMES_BURST: '1000' });
    ben = await signUp(rig, 'Ben', { beforeLoad: (context) => watchNotifications(context, rig.server.url) });
    benRaw = await signIn(rig, 'Ben');
    dan = await (await TestClient.connect(rig.server.wsUrl)).signup('Dan');
    eve = await (await TestClient.connect(rig.server.wsUrl)).signup('Eve');
    const made = [
      await dan.expectReply('room_create', { kind: 'public', name: 'pub', members: ['Ben'] }, 'room'),
      await dan.expectReply('room_create', { kind: 'private', name: 'priv', members: ['Ben'] }, 'room'),
      await dan.expectReply('dm_open', { nickname: 'Ben' }, 'room'),
      await dan.expectReply('room_create', { kind: 'group', members: ['Ben', 'Eve'] }, 'room'),
    ];
    for (const { room } of made) rooms.push({ kind: room.kind, id: room.room_id });
    for (const { id } of rooms) await ben.locator(`.room-link[data-room-id="${id}"]`).waitFor({ state: 'attached' });
  });

  afterAll(async () => {
    for (const client of [benRaw, dan, eve]) client?.close();
    await stopRig(rig);
  });

  it('room kind × level × mentioned × hidden or visible × muted: only what the level lets through, only while hidden', async () => {
    const want: string[] = [];
    for (const hidden of [true, false]) {
      await setHidden(ben, hidden);
      for (const room of rooms) {
        for (const level of LEVELS) {
          for (const muted of [false, true]) {
            // Set from another connection of Ben's: the page hears it as `room_notify` like any tab.
            await benRaw.expectReply('room_notify', { room_id: room.id, level, muted_until: muted ? 'forever' : null }, 'room_notify');
            const shows = `.room-link[data-room-id="${room.id}"][data-level="${level}"]${muted ? '.muted' : ':not(.muted)'}`;
            await ben.locator(shows).waitFor({ state: 'attached' });
            for (const mentioned of [false, true]) {
              const content = `${room.kind} ${level} ${muted ? 'muted' : 'loud'} ${hidden ? 'hidden' : 'visible'} ${mentioned ? '@Ben' : 'plain'}`;
              await dan.expectReply('message', { room_id: room.id, content }, 'ack');
              await sentIn(ben, content);
              if (expected(hidden, level, muted, mentioned)) want.push(content);
            }
          }
        }
        // Ben's own messages never notify, at any level.
        const own = `${room.kind} own ${hidden ? 'hidden' : 'visible'}`;
        await benRaw.expectReply('room_notify', { room_id: room.id, level: 'all', muted_until: null }, 'room_notify');
        await ben.locator(`.room-link[data-room-id="${room.id}"][data-level="all"]:not(.muted)`).waitFor({ state: 'attached' });
        await benRaw.expectReply('message', { room_id: room.id, content: own }, 'ack');
        await sentIn(ben, own);
      }
      // A hidden tab claims after a short delay: let the last ones through before the page is shown again.
      await ben.waitForTimeout(600);
    }
    const shown = await shownNotifications(ben);
    expect(shown.map((note) => note.body).sort()).toEqual(want.sort());
    expect(want.length).toBe(20);
    // The title names who wrote and where; a DM only who.
    expect(shown.find((note) => note.body.startsWith('public '))?.title).toBe('Dan in pub');
    expect(shown.find((note) => note.body.startsWith('dm '))?.title).toBe('Dan');
  });

  it('two tabs of the same person: exactly one shows each message; none while one of them is looked at', async () => {
    const second = await ben.context().newPage();
    recordFrames(second);
    await second.goto(rig.server.url);
    await waitSignedIn(second);
    const [dm] = rooms.filter((room) => room.kind === 'dm');
    if (!dm) throw new Error('no dm');
    await setHidden(ben, true);
    await setHidden(second, true);
    const before = [(await shownNotifications(ben)).length, (await shownNotifications(second)).length];
    for (let i = 1; i <= 5; i++) {
      const content = `both tabs ${i}`;
      await dan.expectReply('message', { room_id: dm.id, content }, 'ack');
      await sentIn(ben, content);
      await sentIn(second, content);
    }
    await ben.waitForTimeout(600);
    const fresh = async (page: Page, from: number) => (await shownNotifications(page)).slice(from).map((note) => note.body);
    const shown = [...(await fresh(ben, before[0] ?? 0)), ...(await fresh(second, before[1] ?? 0))];
    expect(shown.sort()).toEqual(['both tabs 1', 'both tabs 2', 'both tabs 3', 'both tabs 4', 'both tabs 5']);

    // The second tab is in front: it takes the message and shows nothing, and the hidden one shows nothing either.
    await setHidden(second, false);
    const counts = [(await shownNotifications(ben)).length, (await shownNotifications(second)).length];
    await dan.expectReply('message', { room_id: dm.id, content: 'seen in front' }, 'ack');
    await sentIn(ben, 'seen in front');
    await ben.waitForTimeout(600);
    expect([(await shownNotifications(ben)).length, (await shownNotifications(second)).length]).toEqual(counts);
    await second.close();
  });

  it('clicking a notification focuses the tab and opens the room at that message', async () => {
    const [pub] = rooms.filter((room) => room.kind === 'public');
    if (!pub) throw new Error('no public room');
    await ben.locator('.room-link[data-room-id="1"]').click();
    await setHidden(ben, true);
    await benRaw.expectReply('room_notify', { room_id: pub.id, level: 'all', muted_until: null }, 'room_notify');
    await ben.locator(`.room-link[data-room-id="${pub.id}"][data-level="all"]`).waitFor({ state: 'attached' });
    const { seq } = await dan.expectReply('message', { room_id: pub.id, content: 'click me' }, 'ack');
    await expect.poll(async () => (await shownNotifications(ben)).some((note) => note.body === 'click me')).toBe(true);
    await setHidden(ben, false);
    await clickNotification(ben, 'click me');
    await ben.locator(`.message.highlighted[data-seq="${seq}"]`).waitFor();
    expect(new URL(ben.url()).pathname).toBe(`/r/${pub.id}`);
    expect(rig.pageErrors).toEqual([]);
  });
});
