import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { openPage, post, type Rig, signUp, skipBrowser, startRig, stopRig, submitCredentials, waitSignedIn } from './helpers.js';

describe.skipIf(skipBrowser)('addresses: every room and message has its own', () => {
  let rig: Rig;
  let bob: TestClient;
  let archive: number;
  let secret: number;

  beforeAll(async () => {
    rig = await startRig();
    bob = await (await TestClient.connect(rig.server.wsUrl)).signup('Bob');
    await (await TestClient.connect(rig.server.wsUrl)).signup('Ana');
    ({
      room: { room_id: archive },
    } = await bob.expectReply('room_create', { kind: 'private', name: 'archive', members: ['Ana'] }, 'room'));
    ({
      room: { room_id: secret },
    } = await bob.expectReply('room_create', { kind: 'private', name: 'secret' }, 'room'));
    await post(bob, archive, 'Archived note', 200);
  });

  afterAll(async () => {
    bob.close();
    await stopRig(rig);
  });

  it('a link to a message opens its room at that message, after signing in; a reload stays there', async () => {
    const ana = await openPage(rig, { path: `/r/${archive}/37` });
    await submitCredentials(ana, 'Sign in', 'Ana');
    await waitSignedIn(ana);
    await ana.locator('.room-header .room-name', { hasText: 'archive' }).waitFor();
    const target = ana.locator('.message.highlighted[data-seq="37"]');
    await target.waitFor();
    expect(await target.locator('.message-text').textContent()).toBe('Archived note 37');
    // The page around it, not the newest one.
    expect(await ana.locator('.message[data-seq="200"]').count()).toBe(0);
    expect(new URL(ana.url()).pathname).toBe(`/r/${archive}/37`);

    await ana.reload();
    await waitSignedIn(ana);
    await ana.locator('.message.highlighted[data-seq="37"]').waitFor();

    // Opening another room is a new address; Back returns here.
    await ana.locator('.room-link', { hasText: 'general' }).click();
    await ana.waitForURL(/\/r\/1$/);
    await ana.goBack();
    await ana.locator('.room-header .room-name', { hasText: 'archive' }).waitFor();
    await ana.context().close();
  });

  it('a room one is not in, or a message that does not exist, says so and shows the default room', async () => {
    const cleo = await signUp(rig, 'Cleo');
    await cleo.goto(`${rig.server.url}/r/${secret}/1`);
    await waitSignedIn(cleo);
    await cleo.locator('.notice', { hasText: 'That room was not found, or you are not in it.' }).waitFor();
    await cleo.locator('.room-header .room-name', { hasText: 'general' }).waitFor();
    expect(new URL(cleo.url()).pathname).toBe('/r/1');
    expect(await cleo.getByText('secret').count()).toBe(0);

    await cleo.goto(`${rig.server.url}/r/1/99999`);
    await waitSignedIn(cleo);
    await cleo.locator('.notice', { hasText: 'That message was not found.' }).waitFor();
    expect(rig.pageErrors).toEqual([]);
  });
});
