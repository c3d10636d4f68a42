import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import {
  createRoom,
  messageWithText,
  openDm,
  type Rig,
  roomLink,
  say,
  sees,
  sentFrames,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  waitForFrame,
  waitSignedIn,
} from './helpers.js';

describe.skipIf(skipBrowser)('rooms, DMs and unread counts in a real browser', () => {
  let rig: Rig;
  let ana: Page;
  let ben: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana');
    ben = await signUp(rig, 'Ben');
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('creates a private room and invites someone, who sees it appear', async () => {
    await createRoom(ana, 'design', { kind: 'Private', topic: 'pixels and type' });
    await ana.locator('.room-header .room-topic', { hasText: 'pixels and type' }).waitFor();

    await ana.getByRole('button', { name: 'Invite' }).click();
    const invite = ana.getByRole('dialog', { name: 'Invite to design' });
    await invite.getByLabel('Nickname').fill('nobody-by-that-name');
    await invite.getByRole('button', { name: 'Invite' }).click();
    // The server's refusal, next to the form that caused it.
    expect(await invite.getByRole('alert').textContent()).toMatch(/no user with that nickname/i);
    await invite.getByLabel('Nickname').fill('Ben');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await invite.waitFor({ state: 'detached' });

    await roomLink(ben, 'design').waitFor();
    expect(await roomLink(ben, 'design').getAttribute('title')).toContain('private room');

    await ana.getByRole('button', { name: 'Members' }).click();
    const members = ana.getByRole('complementary', { name: 'Members' });
    await members.locator('.member', { hasText: 'Ben' }).locator('[data-online="true"]').waitFor();
    expect(await members.locator('.member', { hasText: 'Ana' }).textContent()).toContain('owner');
    await ana.getByRole('button', { name: 'Members' }).click();
  });

  it('counts a DM’s unread messages while its reader is elsewhere, and clears them once read', async () => {
    await roomLink(ben, 'design').click();
    await ben.locator('.room-header .room-name', { hasText: 'design' }).waitFor();

    await ana.getByRole('button', { name: 'New direct message' }).click();
    const start = ana.getByRole('dialog', { name: 'New direct message' });
    await start.getByLabel('Nickname').fill('nobody-by-that-name');
    await start.getByRole('button', { name: 'Start conversation' }).click();
    await start.getByRole('alert').waitFor();
    await start.getByRole('button', { name: 'Close' }).click();
    await openDm(ana, 'Ben');
    await say(ana, 'Psst, got a minute?');
    await say(ana, 'It is about the new logo.');

    const dm = roomLink(ben, 'Ana');
    await dm.and(ben.locator('[data-unread="2"]')).waitFor();
    expect(await dm.locator('.badge').textContent()).toBe('22 unread messages');
    expect(await dm.locator('.room-link-preview').textContent()).toBe('Ana: It is about the new logo.');
    await dm.locator('[data-online="true"]').waitFor();
    // The dot comes from the room list itself: no `members` request per DM.
    const dmId = Number(await dm.getAttribute('data-room-id'));
    expect(sentFrames(ben, 'members').filter((frame) => frame.payload.room_id === dmId)).toEqual([]);

    await dm.click();
    await sees(ben, 'Ana', 'It is about the new logo.');
    await ben.locator('.unread-divider').waitFor();
    await dm.and(ben.locator('[data-unread="0"]')).waitFor();
    expect(await dm.locator('.badge').count()).toBe(0);

    // Typing shows to the other person, and the message ends it. Typed key by key, as a person does: the
    // server absorbs a notice within 1.5 s of the previous one, and the page repeats it every 2 s.
    await ana.getByRole('textbox', { name: 'Message' }).pressSequentially('Typing something', { delay: 160 });
    await ben.locator('.typing', { hasText: 'Ana is typing…' }).waitFor();
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    await sees(ben, 'Ana', 'Typing something');
    await ben.locator('.typing', { hasText: 'Ana is typing…' }).waitFor({ state: 'detached' });
    // Typing again right after sending shows at once: neither the page nor the server still holds the last notice.
    await ana.getByRole('textbox', { name: 'Message' }).pressSequentially('And', { delay: 50 });
    await ben.locator('.typing', { hasText: 'Ana is typing…' }).waitFor({ timeout: 1_000 });
    await ana.getByRole('textbox', { name: 'Message' }).fill('');
    const last = Number(await messageWithText(ben, 'Typing something').getAttribute('data-seq'));
    await waitForFrame(ben, 'read', (payload) => payload.seq === last && payload.unread === 0);

    // The marker is on the server: after a reload (signed back in with the stored session) the badge stays away.
    await ben.reload();
    await waitSignedIn(ben);
    await roomLink(ben, 'Ana').waitFor();
    await roomLink(ben, 'design').waitFor();
    expect(await ben.locator('.room-link .badge').count()).toBe(0);
  });

  it('lists public rooms in the directory, never private ones; the members panel shows who joins', async () => {
    await createRoom(ana, 'lobby');
    await ana.getByRole('button', { name: 'Members' }).click();
    const members = ana.getByRole('complementary', { name: 'Members' });
    await members.getByRole('heading', { name: 'Members (1)' }).waitFor();

    const cleo = await signUp(rig, 'Cleo');
    await cleo.getByRole('button', { name: 'Browse rooms' }).click();
    const browse = cleo.getByRole('dialog', { name: 'Browse rooms' });
    await browse.locator('.directory-entry', { hasText: 'lobby' }).waitFor();
    expect(await browse.locator('.directory-entry', { hasText: 'design' }).count()).toBe(0);
    expect(await browse.locator('.directory-entry', { hasText: 'general' }).textContent()).toContain('Open');

    await browse.getByRole('button', { name: 'Join lobby' }).click();
    await browse.waitFor({ state: 'detached' });
    await cleo.locator('.room-header .room-name', { hasText: 'lobby' }).waitFor();
    await roomLink(cleo, 'lobby').waitFor();
    expect(await roomLink(cleo, 'design').count()).toBe(0);

    // Ana's open panel follows, from the `member` event alone; the dot from presence.
    await members.getByRole('heading', { name: 'Members (2)' }).waitFor();
    await members.locator('.member', { hasText: 'Cleo' }).locator('[data-online="true"]').waitFor();
    await cleo.context().close();
    await members.locator('.member', { hasText: 'Cleo' }).locator('[data-online="false"]').waitFor();
    const lobbyId = Number(await roomLink(ana, 'lobby').getAttribute('data-room-id'));
    expect(sentFrames(ana, 'members').filter((frame) => frame.payload.room_id === lobbyId)).toHaveLength(1);
    await ana.getByRole('button', { name: 'Members' }).click();
  });

  it('a group conversation’s name, people and members panel follow who joins and leaves', async () => {
    const dan = await (await TestClient.connect(rig.server.wsUrl)).signup('Dan');
    const { room } = await dan.expectReply('room_create', { kind: 'group', members: ['Ana', 'Ben'] }, 'room');
    const group = ana.locator(`.room-link[data-room-id="${room.room_id}"]`);
    await group.locator('.room-link-name', { hasText: /^(Ben, Dan|Dan, Ben)$/ }).waitFor();
    await group.click();
    await ana.getByRole('button', { name: 'Members' }).click();
    const members = ana.getByRole('complementary', { name: 'Members' });
    await members.getByRole('heading', { name: 'Members (3)' }).waitFor();

    await dan.expectReply('room_invite', { room_id: room.room_id, nickname: 'Cleo' }, 'room');
    await group.locator('.room-link-name', { hasText: 'Cleo' }).waitFor();
    await ana.locator('.room-header .room-name', { hasText: 'Cleo' }).waitFor();
    await members.getByRole('heading', { name: 'Members (4)' }).waitFor();
    await members.locator('.member', { hasText: 'Cleo' }).waitFor();

    await dan.expectReply('room_leave', { room_id: room.room_id }, 'room_removed');
    await group.locator('.room-link-name', { hasText: /^(Ben, Cleo|Cleo, Ben)$/ }).waitFor();
    await members.getByRole('heading', { name: 'Members (3)' }).waitFor();
    expect(await members.locator('.member', { hasText: 'Dan' }).count()).toBe(0);
    dan.close();
  });
});
