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
