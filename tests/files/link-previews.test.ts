import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/message.js';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';
import { getFile } from './file-fixtures.js';
import { useFilesServer } from './files-server.js';
import { type PreviewFixture, startPreviewFixture } from './preview-fixture.js';

const stores = await availableStores();

describe.each(stores)('link previews on %s', (store) => {
  let fixture: PreviewFixture;
  beforeAll(async () => {
    fixture = await startPreviewFixture();
  });
  afterAll(() => fixture.close());
  // The test-only switch admits loopback (and plain http to it); every other private range stays refused.
  const { server } = useFilesServer(store, { OUTBOUND_ALLOW_LOOPBACK: 'true' });
  const site = (path: string) => `http://127.0.0.1:${fixture.port}${path}`;
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();
  const pair = async () => {
    const [anna, ben] = [await user(), await user()];
    const { room } = await anna.expectReply('room_create', { kind: 'private', name: 'links', members: [ben.nickname] }, 'room');
    await ben.next('room', (p) => p.room.room_id === room.room_id);
    return { anna, ben, roomId: room.room_id };
  };
  const changeOf = (client: TestClient, messageId: number, test: (m: ChatMessage) => boolean) =>
    client
      .next('send', (p) => p.messages.some((m) => m.message_id === messageId && test(m)), 15_000)
      .then((frame) => frame.payload.messages.find((m) => m.message_id === messageId) as ChatMessage);
  const idle = () => server().server.previews?.idle();

  it('the first link gets a preview as a change of the message: new rev, resume replays it, the image served from our origin', async () => {
    const { anna, ben, roomId } = await pair();
    const ack = await anna.expectReply('message', { room_id: roomId, content: `look: ${site('/page')}. and ${site('/page2')}` }, 'ack');
    const shown = await changeOf(ben, ack.message_id, (m) => m.link_preview !== undefined);
    expect(shown.rev).toBeGreaterThan(ack.rev as number);
    expect(shown.link_preview).toMatchObject({
      url: site('/page'),
      title: 'Fjord & Fell — a <b>trip</b>',
      description: 'Three days on foot.',
      site_name: 'Example Travel',
      image_url: expect.stringMatching(/^\/files\/previews\/[0-9a-f]{64}\.webp$/),
      image_width: 600,
      image_height: 315,
    });
    const image = await getFile(server().url, shown.link_preview?.image_url as string, { authorization: `Bearer ${ben.token}` });
    expect(image.response.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(image.bytes).metadata()).format).toBe('webp');
    expect((await getFile(server().url, shown.link_preview?.image_url as string)).response.status).toBe(404);

    const missed = await ben.expectReply('history', { room_id: roomId, after_rev: ack.rev }, 'history');
    expect(missed.messages.find((m) => m.message_id === ack.message_id)?.link_preview?.title).toBe('Fjord & Fell — a <b>trip</b>');

    // Cached per URL: a second message with the same link does not fetch the page again.
    const pageHits = fixture.hits.filter((path) => path === '/page').length;
    const second = await anna.expectReply('message', { room_id: roomId, content: site('/page') }, 'ack');
    await changeOf(ben, second.message_id, (m) => m.link_preview !== undefined);
    expect(fixture.hits.filter((path) => path === '/page').length).toBe(pageHits);
  });

  it('the author dismisses the preview for everyone; nobody else may', async () => {
    const { anna, ben, roomId } = await pair();
    const ack = await anna.expectReply('message', { room_id: roomId, content: site('/page') }, 'ack');
    await changeOf(ben, ack.message_id, (m) => m.link_preview !== undefined);
    expect((await ben.call('link_preview_dismiss', { message_id: ack.message_id })).payload).toMatchObject({ code: 'forbidden' });
    await anna.expectReply('link_preview_dismiss', { message_id: ack.message_id }, 'ack');
    const hidden = await changeOf(ben, ack.message_id, (m) => m.link_preview === undefined);
    expect(hidden.content).toBe(site('/page'));
  });

  it('an edit that drops the link drops its preview; an edit to another link brings that one', async () => {
    const { anna, ben, roomId } = await pair();
    const ack = await anna.expectReply('message', { room_id: roomId, content: `see ${site('/page')}` }, 'ack');
    await changeOf(ben, ack.message_id, (m) => m.link_preview !== undefined);
    await anna.expectReply('message_edit', { message_id: ack.message_id, content: 'never mind' }, 'ack');
    const plain = await changeOf(ben, ack.message_id, (m) => m.content === 'never mind');
    expect(plain.link_preview).toBeUndefined();
    await anna.expectReply('message_edit', { message_id: ack.message_id, content: `this one: ${site('/page2')}` }, 'ack');
    const again = await changeOf(ben, ack.message_id, (m) => m.link_preview !== undefined);
    expect(again.link_preview?.url).toBe(site('/page2'));
  });

  it('SSRF: private, link-local and metadata addresses, redirects to them, non-html, a 10 MiB page and a slow loris are not fetched beyond the rules', async () => {
    const { anna, ben, roomId } = await pair();
    const previews = server().server.previews;
    if (!previews) throw new Error('previews are on');
    const refused = [
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
      'http://100.64.0.1/',
      site('/to-metadata'),
    ];
    for (const url of [...refused, site('/to-private'), site('/json'), site('/loop0')]) {
      const started = Date.now();
      const found = await previews.preview(url);
      expect(found.ok, url).toBe(false);
      expect(Date.now() - started, url).toBeLessThan(3_000);
    }
    expect(fixture.hits.filter((path) => path.startsWith('/loop')).length).toBe(6);

    const bigStarted = Date.now();
    const big = await previews.preview(site('/big'));
    expect(big).toMatchObject({ ok: true, title: 'Big' });
    expect(Date.now() - bigStarted).toBeLessThan(5_000);
    expect(fixture.bigPageWritten()).toBeLessThan(10 * 1024 * 1024);

    // A slow-loris page ends at the 5 s bound, and the server answers others meanwhile.
    const slowStarted = Date.now();
    const slow = previews.preview(site('/slow'));
    const during = await anna.expectReply('message', { room_id: roomId, content: 'still here' }, 'ack');
    await ben.next('send', (p) => p.messages.some((m) => m.message_id === during.message_id));
    expect(Date.now() - slowStarted).toBeLessThan(2_000);
    expect((await slow).ok).toBe(false);
    expect(Date.now() - slowStarted).toBeLessThan(7_000);
    await idle();
  });
});

describe.each(stores.slice(0, 1))('link previews without the test switch on %s', (store) => {
  let fixture: PreviewFixture;
  beforeAll(async () => {
    fixture = await startPreviewFixture();
  });
  afterAll(() => fixture.close());
  const server = useServer(store);

  it('loopback by address, by [::1] and by a name resolving to it is never fetched', async () => {
    const previews = server().server.previews;
    if (!previews) throw new Error('previews are on');
    for (const host of ['127.0.0.1', '[::1]', 'localhost', '127.1', '[::ffff:127.0.0.1]']) {
      const found = await previews.preview(`http://${host}:${fixture.port}/page`);
      expect(found.ok, host).toBe(false);
    }
    const anna = await (await TestClient.connect(server().wsUrl)).signup();
    await anna.expectReply('message', { content: `http://localhost:${fixture.port}/page2` }, 'ack');
    await server().server.previews?.idle();
    expect(fixture.hits).toEqual([]);
  });
});
