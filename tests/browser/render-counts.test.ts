import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import {
  openPage,
  type Rig,
  roomLink,
  sees,
  sentFrames,
  skipBrowser,
  startRig,
  stopRig,
  submitCredentials,
  waitForFrame,
  waitSignedIn,
} from './helpers.js';

/** Renders per component since the page loaded (the client counts them when this object exists before it starts). */
const renders = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __chatRenders: Record<string, number> }).__chatRenders }));

/** Lets Preact's batched render run: two animation frames after the frame arrived. */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
}

/**
 * The DOM bound for a room with 10 000 messages loaded: the list renders a window of 150 messages
 * (use-message-window.ts) of ~8 elements each (1 300 elements for the page in all, measured), plus
 * date separators, the divider and the sidebar's rooms; 2 000 leaves that room and is far below the
 * ~80 000 elements 10 000 rendered messages would take.
 */
const DOM_BOUND = 2_000;
const elementCount = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

describe.skipIf(skipBrowser)('speed, counted: renders per frame, elements with 10 000 messages', () => {
  let rig: Rig;
  let ana: Page;
  let bob: TestClient;
  let elsewhere: number;

  beforeAll(async () => {
    rig = await startRig({ MESSAGES_PER_SECOND: '100000', MESSAGES_BURST: '100000', FRAMES_PER_SECOND: '100000', FRAMES_BURST: '100000' });
    bob = await (await TestClient.connect(rig.server.wsUrl)).signup('Bob');
    await (await TestClient.connect(rig.server.wsUrl)).signup('Ana');
    ({
      room: { room_id: elsewhere },
    } = await bob.expectReply('room_create', { kind: 'public', name: 'elsewhere', members: ['Ana'] }, 'room'));
    ana = await openPage(rig);
    await ana.addInitScript(() => {
      (window as unknown as { __chatRenders: Record<string, number> }).__chatRenders = {};
    });
    await ana.reload();
    await submitCredentials(ana, 'Sign in', 'Ana');
    await waitSignedIn(ana);
    await bob.expectReply('message', { room_id: 1, content: 'Hello Ana' }, 'ack');
    await sees(ana, 'Bob', 'Hello Ana');
  });

  afterAll(async () => {
    bob.close();
    await stopRig(rig);
  });

  it('a typing notice in another room re-renders nothing; in this room only the typing line', async () => {
    await settle(ana);
    let before = await renders(ana);
    bob.send('typing', { room_id: elsewhere });
    await waitForFrame(ana, 'typing', (payload) => payload.room_id === elsewhere);
    await settle(ana);
    expect(difference(await renders(ana), before)).toEqual({});

    before = await renders(ana);
    bob.send('typing', { room_id: 1 });
    await ana.locator('.typing', { hasText: 'Bob is typing…' }).waitFor();
    await settle(ana);
    expect(difference(await renders(ana), before)).toEqual({ TypingIndicator: 1 });
  });

  it('a presence change re-renders only the dots that show it', async () => {
    await settle(ana);
    const before = await renders(ana);
    const carol = await (await TestClient.connect(rig.server.wsUrl)).signup('Carol');
    await waitForFrame(ana, 'presence', (payload) => JSON.stringify(payload).includes('Carol'));
    await settle(ana);
    const changed = difference(await renders(ana), before);
    expect(changed.MessageList ?? 0).toBe(0);
    expect(changed.Sidebar ?? 0).toBe(0);
    expect(changed.MessageItem ?? 0).toBe(0);
    carol.close();
  });

  it('10 000 loaded messages keep the page under its element bound, scrolled anywhere, without asking the server', async () => {
    const { room } = await bob.expectReply('room_create', { kind: 'public', name: 'big', members: ['Ana'] }, 'room');
    await roomLink(ana, 'big').click();
    await ana.locator('.messages-note', { hasText: 'very beginning' }).waitFor();
    // Pipelined, then every ack awaited: the page receives them live while it shows the room.
    for (let i = 1; i <= 10_000; i++) bob.send('message', { room_id: room.room_id, content: `Big note ${i}`, request_id: `big-${i}` });
    await bob.next('ack', (payload) => payload.request_id === 'big-10000', 60_000);
    await sees(ana, 'Bob', 'Big note 10000');
    expect(await elementCount(ana)).toBeLessThan(DOM_BOUND);

    const historyAsked = sentFrames(ana, 'history').length;
    // Scrolled up through 30 moves of the window (1 500 messages), in the page: a round trip per step is slow.
    const most = await ana.locator('.messages').evaluate(async (element) => {
      let most = 0;
      for (let step = 0; step < 30; step++) {
        element.scrollTop = 0;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        most = Math.max(most, document.getElementsByTagName('*').length);
      }
      return most;
    });
    expect(most).toBeLessThan(DOM_BOUND);
    expect(await ana.locator('.message[data-seq="8500"]').count()).toBe(1);
    // The very first message, by its address (as Back would open it): the window moves there.
    await ana.evaluate((path) => {
      history.pushState(null, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/r/${room.room_id}/1`);
    await ana.locator('.message.highlighted[data-seq="1"]').waitFor();
    expect(await elementCount(ana)).toBeLessThan(DOM_BOUND);
    // The whole room was held by the page: the window moved over it without a single page from the server.
    expect(sentFrames(ana, 'history').length).toBe(historyAsked);
    await ana.getByRole('button', { name: /new messages|Jump to latest/ }).click();
    await ana.locator('.message[data-seq="10000"]').waitFor();
    expect(await elementCount(ana)).toBeLessThan(DOM_BOUND);
  }, 120_000);
});
