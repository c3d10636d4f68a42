import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/message.js';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { getFile, pngFile, upload } from './file-fixtures.js';
import { useFilesServer } from './files-server.js';

const stores = await availableStores();

describe.each(stores)('file access on %s', (store) => {
  const { server, dataDir } = useFilesServer(store, { UPLOADS_PER_MINUTE: '12' });
  const base = () => server().url;
  const db = () => server().server.store.db;
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();
  const bearer = (client: TestClient) => ({ authorization: `Bearer ${client.token}` });
  const status = async (path: string, headers: Record<string, string> = {}) => (await getFile(base(), path, headers)).response.status;
  /** Anna and Ben in a private room, Carl outside it. */
  const trio = async () => {
    const [anna, ben, carl] = [await user(), await user(), await user()];
    const { room } = await anna.expectReply('room_create', { kind: 'private', name: 'files', members: [ben.nickname] }, 'room');
    await ben.next('room', (p) => p.room.room_id === room.room_id);
    return { anna, ben, carl, roomId: room.room_id };
  };
  const receivedBy = (client: TestClient, messageId: number, test: (m: ChatMessage) => boolean = () => true) =>
    client
      .next('send', (p) => p.messages.some((m) => m.message_id === messageId && test(m)))
      .then((frame) => frame.payload.messages.find((m) => m.message_id === messageId) as ChatMessage);

  it('the uploader fetches before attaching; members fetch after; a non-member, a stranger with the URL and no session get 404', async () => {
    const { anna, ben, carl, roomId } = await trio();
    const file = (await upload(base(), anna.token, 'plan.png', await pngFile())).body;
    expect(await status(file.url, bearer(anna))).toBe(200);
    expect(await status(file.url, bearer(ben))).toBe(404);

    const ack = await anna.expectReply('message', { room_id: roomId, content: 'the plan', attachments: [file.file_id] }, 'ack');
    const seen = await receivedBy(ben, ack.message_id);
    expect(seen.attachments).toEqual([
      {
        file_id: file.file_id,
        name: 'plan.png',
        size: file.size,
        mime: 'image/png',
        width: 320,
        height: 200,
        url: file.url,
        thumb_url: file.thumb_url,
      },
    ]);
    const page = await ben.expectReply('history', { room_id: roomId }, 'history');
    expect(page.messages.find((m) => m.message_id === ack.message_id)?.attachments?.[0]?.file_id).toBe(file.file_id);

    for (const path of [file.url, file.thumb_url as string]) {
      expect(await status(path, bearer(ben))).toBe(200);
      expect(await status(path, bearer(carl))).toBe(404);
      expect(await status(path)).toBe(404);
      expect(await status(path, { authorization: 'Bearer not-a-session' })).toBe(404);
    }
    const missing = await getFile(base(), '/files/AAAAAAAAAAAAAAAAAAAAAA/x.png', bearer(anna));
    const stranger = await getFile(base(), file.url, bearer(carl));
    expect(missing.bytes.toString()).toBe(stranger.bytes.toString());
  });

  it('the browser trades its token for a /files cookie (HttpOnly, Strict, narrow path); signing out revokes it', async () => {
    const { anna } = await trio();
    const file = (await upload(base(), anna.token, 'a.png', await pngFile())).body;
    const exchange = await fetch(`${base()}/api/session`, { method: 'POST', headers: bearer(anna) });
    expect(exchange.status).toBe(204);
    const cookie = exchange.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cc_files=[^;]+; Path=\/files; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const pair = cookie.split(';')[0] as string;
    expect(await status(file.url, { cookie: pair })).toBe(200);
    expect((await fetch(`${base()}/api/session`, { method: 'POST' })).status).toBe(401);
    await anna.expectReply('signout', {}, 'ack').catch(() => undefined);
    await anna.waitClosed().catch(() => undefined);
    expect(await status(file.url, { cookie: pair })).toBe(404);
  });

  it('attachments are the sender own unattached uploads, at most 10; a retry with the same client_id is the same message', async () => {
    const { anna, ben, roomId } = await trio();
    const mine = (await upload(base(), anna.token, 'a.txt', Buffer.from('a'))).body;
    const his = (await upload(base(), ben.token, 'b.txt', Buffer.from('b'))).body;
    const refused = await anna.call('message', { room_id: roomId, content: 'x', attachments: [his.file_id] });
    expect(refused.payload).toMatchObject({ code: 'not_found' });
    const tooMany = await anna.call('message', { room_id: roomId, content: 'x', attachments: Array(11).fill(mine.file_id) });
    expect(tooMany.payload).toMatchObject({ code: 'invalid_payload' });

    const first = await anna.expectReply('message', { room_id: roomId, content: '', client_id: 'c1', attachments: [mine.file_id] }, 'ack');
    const retry = await anna.expectReply('message', { room_id: roomId, content: '', client_id: 'c1', attachments: [mine.file_id] }, 'ack');
    expect(retry).toMatchObject({ message_id: first.message_id, duplicate: true });
    const again = await anna.call('message', { room_id: roomId, content: 'again', attachments: [mine.file_id] });
    expect(again.payload).toMatchObject({ code: 'not_found' });
    expect((await anna.call('message', { room_id: roomId, content: '' })).payload).toMatchObject({ code: 'invalid_payload' });
  });

  it('two messages racing for one upload: exactly one carries it, the one it is linked to', async () => {
    const { anna, ben, roomId } = await trio();
    const file = (await upload(base(), anna.token, 'once.txt', Buffer.from(`once ${Date.now()}`))).body;
    const [first, second] = await Promise.all([
      anna.call('message', { room_id: roomId, content: 'one', attachments: [file.file_id] }),
      anna.call('message', { room_id: roomId, content: 'two', attachments: [file.file_id] }),
    ]);
    const acked = [first, second]
      .filter((frame) => frame.kind === 'ack')
      .map((frame) => (frame.payload as { message_id: number }).message_id);
    await expect.poll(() => acked.every((id) => ben.messages().some((m) => m.message_id === id))).toBe(true);
    const shown = ben.messages().filter((m) => acked.includes(m.message_id));
    const carrying = shown.filter((message) => message.attachments?.some((item) => item.file_id === file.file_id));
    expect(carrying).toHaveLength(1);
    const stored = await db().selectFrom('uploads').select('message_id').where('id', '=', file.file_id).executeTakeFirstOrThrow();
    expect(stored.message_id).toBe(carrying[0]?.message_id);
  });

  it('deleting the message removes access to its files, for the members and for the uploader', async () => {
    const { anna, ben, roomId } = await trio();
    const file = (await upload(base(), anna.token, 'gone.png', await pngFile())).body;
    const ack = await anna.expectReply('message', { room_id: roomId, content: 'soon gone', attachments: [file.file_id] }, 'ack');
    expect(await status(file.url, bearer(ben))).toBe(200);
    await anna.expectReply('message_delete', { message_id: ack.message_id }, 'ack');
    const tombstone = await receivedBy(ben, ack.message_id, (m) => m.deleted === true);
    expect(tombstone.attachments).toBeUndefined();
    for (const client of [anna, ben]) {
      expect(await status(file.url, bearer(client))).toBe(404);
      expect(await status(file.thumb_url as string, bearer(client))).toBe(404);
    }
  });

  it('uploads never attached are deleted after 24 h, and their bytes once nothing refers to them', async () => {
    const { anna } = await trio();
    const file = (await upload(base(), anna.token, 'stale.bin', Buffer.from(`stale ${Date.now()}`))).body;
    const { sha256 } = await db().selectFrom('uploads').select('sha256').where('id', '=', file.file_id).executeTakeFirstOrThrow();
    await sql`update uploads set created_at = now() - interval '25 hours' where id = ${file.file_id}`.execute(db());
    const blob = join(dataDir(), 'files', 'file', sha256.slice(0, 2), sha256);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(blob, old, old);
    const swept = await server().server.files.sweep();
    expect(swept.uploads).toBeGreaterThanOrEqual(1);
    expect(await status(file.url, bearer(anna))).toBe(404);
    expect(await server().server.files.blobs.size('file', sha256)).toBeUndefined();
  });

  it('uploads per user per minute are limited: 429 with a JSON error, nothing kept', async () => {
    const anna = await user();
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await upload(base(), anna.token, `${i}.txt`, Buffer.from(String(i)))).status);
    expect(statuses.slice(0, 12).every((code) => code === 201)).toBe(true);
    expect(statuses[12]).toBe(429);
    const rows = await db().selectFrom('uploads').select('id').where('user_id', '=', anna.userId).execute();
    expect(rows).toHaveLength(12);
  });
});
