import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { post, type Rig, readmeScreenshot, signUp, skipBrowser, startRig, stopRig } from './helpers.js';

describe.skipIf(skipBrowser)('search in the page', () => {
  let rig: Rig;
  let bob: TestClient;
  let archive: number;

  beforeAll(async () => {
    rig = await startRig();
    bob = await (await TestClient.connect(rig.server.wsUrl)).signup('Bob');
    await (await TestClient.connect(rig.server.wsUrl)).signup('Ana');
    ({
      room: { room_id: archive },
    } = await bob.expectReply('room_create', { kind: 'private', name: 'archive', members: ['Ana'] }, 'room'));
    await post(bob, archive, 'Archived note', 4);
    await bob.expectReply('message', { room_id: archive, content: 'Нашли <b>кальмаров</b> в подвале' }, 'ack');
    await post(bob, archive, 'Archived note', 140);
  });

  afterAll(async () => {
    bob.close();
    await stopRig(rig);
  });

  it('finds a stemmed word with it marked, and Enter jumps to the old message in its room, highlighted', async () => {
    const ana = await signUp(rig, 'Ana2');
    await bob.expectReply('room_invite', { room_id: archive, nickname: 'Ana2' }, 'room');
    await ana.locator('.room-link', { hasText: 'archive' }).waitFor();
    await ana.locator('.room-header .room-name', { hasText: 'general' }).waitFor();

    await ana.keyboard.press('/');
    const dialog = ana.getByRole('dialog', { name: 'Search messages' });
    await dialog.getByLabel('Words to find').fill('КАЛЬМАР');
    await dialog.getByLabel('Words to find').press('Enter');
    const hit = dialog.locator('.search-hit');
    await hit.waitFor();
    expect(await hit.count()).toBe(1);
    expect(await hit.locator('mark').allTextContents()).toEqual(['кальмаров']);
    // User text stays text: the angle brackets are shown, not parsed.
    expect(await hit.locator('.search-hit-text').textContent()).toBe('Нашли <b>кальмаров</b> в подвале');
    expect(await hit.locator('.search-hit-meta').textContent()).toContain('Bob');
    expect(await hit.locator('.search-hit-room').textContent()).toBe('#archive');

    // ↓ from the query moves to the results; Enter opens the one focused.
    await dialog.getByLabel('Words to find').press('ArrowDown');
    expect(await hit.evaluate((element) => element === document.activeElement)).toBe(true);
    await ana.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await ana.locator('.room-header .room-name', { hasText: 'archive' }).waitFor();
    const target = ana.locator('.message.highlighted[data-seq="5"]');
    await target.waitFor();
    expect(await target.locator('.message-text').textContent()).toBe('Нашли <b>кальмаров</b> в подвале');
    // The page around it, not the newest one.
    expect(await ana.locator('.message[data-seq="145"]').count()).toBe(0);
    await ana.context().close();
  });

  it('says when nothing matched, pages with More results, and filters by room and sender', async () => {
    const ana = await signUp(rig, 'Ana3');
    await bob.expectReply('room_invite', { room_id: archive, nickname: 'Ana3' }, 'room');
    await ana.locator('.room-link', { hasText: 'archive' }).waitFor();
    await ana.getByRole('button', { name: 'Search (/)' }).click();
    const dialog = ana.getByRole('dialog', { name: 'Search messages' });
    const field = dialog.getByLabel('Words to find');
    await field.fill('nothingmatcheshere');
    await field.press('Enter');
    await dialog.getByText('No messages found.').waitFor();

    await field.fill('archived');
    await dialog.getByLabel('From').fill('Ana3');
    await field.press('Enter');
    await dialog.getByText('No messages found.').waitFor();

    await dialog.getByLabel('From').fill('Bob');
    await dialog.getByLabel('Room').selectOption({ label: '#archive' });
    await field.press('Enter');
    await expect.poll(() => dialog.locator('.search-hit').count()).toBe(20);
    await readmeScreenshot(ana, 'screenshots/search.png');
    await dialog.getByRole('button', { name: 'More results' }).click();
    await expect.poll(() => dialog.locator('.search-hit').count()).toBe(40);
    expect(await dialog.locator('.search-hit mark').first().textContent()).toBe('Archived');
    // ↑/↓ walk the results and back up to the query.
    const focusedHit = () => ana.evaluate(() => document.activeElement?.getAttribute('data-message-id') ?? document.activeElement?.tagName);
    const ids = await dialog.locator('.search-hit').evaluateAll((hits) => hits.map((hit) => hit.getAttribute('data-message-id')));
    await field.press('ArrowDown');
    await ana.keyboard.press('ArrowDown');
    expect(await focusedHit()).toBe(ids[1]);
    await ana.keyboard.press('ArrowUp');
    expect(await focusedHit()).toBe(ids[0]);
    await ana.keyboard.press('ArrowUp');
    expect(await focusedHit()).toBe('INPUT');
    expect(rig.pageErrors).toEqual([]);
    await ana.context().close();
  });

  it('Ctrl+K offers to search the messages for what was typed when no room is called that', async () => {
    const ana = await signUp(rig, 'Ana4');
    await bob.expectReply('room_invite', { room_id: archive, nickname: 'Ana4' }, 'room');
    await ana.locator('.room-link', { hasText: 'archive' }).waitFor();
    await ana.keyboard.press('Control+k');
    const switcher = ana.getByRole('dialog', { name: 'Jump to a room' });
    await switcher.getByRole('combobox').fill('кальмар');
    const option = switcher.getByRole('option', { name: 'Search messages for “кальмар”' });
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await ana.keyboard.press('Enter');
    const dialog = ana.getByRole('dialog', { name: 'Search messages' });
    await dialog.locator('.search-hit').waitFor();
    expect(await dialog.locator('.search-hit mark').allTextContents()).toEqual(['кальмаров']);
    expect(await dialog.getByLabel('Words to find').inputValue()).toBe('кальмар');
    await ana.context().close();
  });
});
