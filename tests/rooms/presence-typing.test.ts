import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

describe.each(stores)('presence and typing on %s', (store) => {
  const server = useServer(store);
  const connect = () => TestClient.connect(server().wsUrl);
  const signIn = async (nickname: string) => {
    const tab = await connect();
    tab.send('signin', { nickname, password: 'correct horse battery' });
    await tab.next('authorize');
    return tab;
  };

  it('treats two tabs as one user: online with the first, offline only when the last closes', async () => {
    const watcher = await (await connect()).signup();
    const firstTab = await (await connect()).signup();
    await watcher.next('presence', (p) => p.users.some((u) => u.user_id === firstTab.userId && u.online));
    const secondTab = await signIn(firstTab.nickname);
    firstTab.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const offline = (frames: TestClient) =>
      frames.all('presence').filter((f) => f.payload.users.some((u) => u.user_id === firstTab.userId && !u.online));
    expect(offline(watcher)).toHaveLength(0);
    secondTab.close();
    await watcher.next('presence', (p) => p.users.some((u) => u.user_id === firstTab.userId && !u.online));
  });

  it('shows who is typing to the others in the room, and expires it on the server after 5 s', async () => {
    const typist = await (await connect()).signup();
    const watcher = await (await connect()).signup();
    const { room } = await typist.expectReply('dm_open', { nickname: watcher.nickname }, 'room');
    await watcher.next('room', (p) => p.room.room_id === room.room_id);
    const started = Date.now();
    typist.send('typing', { room_id: room.room_id });
    const shown = await watcher.next('typing', (p) => p.room_id === room.room_id && p.users.length === 1);
    expect(shown.payload.users[0]).toEqual({ user_id: typist.userId, nickname: typist.nickname });
    const cleared = await watcher.next('typing', (p) => p.room_id === room.room_id && p.users.length === 0, 8_000);
    expect(cleared).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  }, 15_000);

  it('clears typing at once when the typist sends the message', async () => {
    const typist = await (await connect()).signup();
    const watcher = await (await connect()).signup();
    const { room } = await typist.expectReply('dm_open', { nickname: watcher.nickname }, 'room');
    await watcher.next('room', (p) => p.room.room_id === room.room_id);
    typist.send('typing', { room_id: room.room_id });
    await watcher.next('typing', (p) => p.room_id === room.room_id && p.users.length === 1);
    const sentAt = Date.now();
    typist.send('message', { room_id: room.room_id, content: 'done typing' });
    await watcher.next('typing', (p) => p.room_id === room.room_id && p.users.length === 0);
    expect(Date.now() - sentAt).toBeLessThan(2_000);
    // Typing again right after sending is shown at once, not swallowed by the refresh throttle.
    typist.send('typing', { room_id: room.room_id });
    await watcher.next('typing', (p) => p.room_id === room.room_id && p.users.length === 1, 1_000);
  });
});

describe('presence during a sign-in storm', () => {
  const INTERVAL_MS = 1_500;
  const server = useServer('pglite', { PRESENCE_INTERVAL_MS: String(INTERVAL_MS) });
  const connect = () => TestClient.connect(server().wsUrl);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('announces the first arrival after a quiet spell at once, then at most one presence frame per interval', async () => {
    const watcher = await (await connect()).signup();
    await sleep(INTERVAL_MS + 100);
    const first = await (await connect()).signup();
    const firstSignedIn = performance.now();
    await watcher.next('presence', (p) => p.users.some((u) => u.user_id === first.userId && u.online));
    const firstShown = performance.now();
    expect(firstShown - firstSignedIn).toBeLessThan(INTERVAL_MS / 2);

    // Everyone arriving within the interval after that is announced together, in one frame, once it is over.
    const crowd = await Promise.all([1, 2, 3].map(async () => (await connect()).signup()));
    const crowdIds = new Set(crowd.map((member) => member.userId));
    const together = await watcher.next('presence', (p) => p.users.some((u) => crowdIds.has(u.user_id)));
    expect(performance.now() - firstShown).toBeGreaterThanOrEqual(INTERVAL_MS - 100);
    expect(together.payload.users.filter((u) => crowdIds.has(u.user_id) && u.online)).toHaveLength(3);

    // One who leaves before anyone heard they came is still announced as gone (its arrival may have been seen
    // in a member list meanwhile), never left showing online.
    const brief = await (await connect()).signup();
    brief.close();
    await watcher.next('presence', (p) => p.users.some((u) => u.user_id === brief.userId && !u.online));
  });
});
