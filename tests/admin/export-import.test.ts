import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../src/protocol/rooms.js';
import { getFile, pngFile, upload } from '../files/file-fixtures.js';
import { type PreviewFixture, startPreviewFixture } from '../files/preview-fixture.js';
import { runAdminCli } from '../helpers/admin-cli.js';
import { TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { availableStores, freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const stores = await availableStores();
const CLI_TEST_MS = 600_000;

describe.runIf(stores.includes('postgres'))('export → import → export on PostgreSQL', () => {
  let source: StoreLocation;
  let target: StoreLocation;
  let server: TestServer;
  let dir: string;
  let fixture: PreviewFixture;
  // Each server's files live in its own DATA_DIR (PostgreSQL holds the rest); the CLI reads the same variables.
  let sourceEnv: Record<string, string>;
  let targetEnv: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-export-'));
    source = await freshStoreLocation('postgres');
    target = await freshStoreLocation('postgres');
    sourceEnv = { ...source.env, DATA_DIR: join(dir, 'source-data') };
    targetEnv = { ...target.env, DATA_DIR: join(dir, 'target-data') };
    fixture = await startPreviewFixture();
    server = await startTestServer({ ...sourceEnv, OUTBOUND_ALLOW_LOOPBACK: 'true' });
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.close();
    await source?.dispose();
    await target?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'gives the same bytes, with every kind of row and state in it',
    async () => {
      const connect = () => TestClient.connect(server.wsUrl);
      const anna = await (await connect()).signup('anna_export');
      const boris = await (await connect()).signup('борис');
      const room = (await anna.expectReply('room_create', { kind: 'private', name: 'plans', topic: 'the "quoted" topic' }, 'room')).room
        .room_id;
      await anna.expectReply('room_invite', { room_id: room, nickname: boris.nickname }, 'room');
      await boris.next('room', (p) => p.room.room_id === room);
      const first = await anna.expectReply('message', { room_id: room, content: 'hello @борис 👋\nsecond line' }, 'ack');
      const reply = await boris.expectReply('message', { room_id: room, content: 'answer', reply_to: first.message_id }, 'ack');
      await boris.expectReply('reaction_add', { message_id: first.message_id, emoji: '👍' }, 'ack');
      await anna.expectReply('message_edit', { message_id: first.message_id, content: 'hello again @борис' }, 'ack');
      await anna.expectReply('message_delete', { message_id: reply.message_id }, 'ack');
      await anna.expectReply('message', { content: 'in general' }, 'ack');
      await anna.expectReply('dm_open', { nickname: boris.nickname }, 'room');
      await anna.expectReply(
        'moderate',
        { room_id: room, action: 'mute', user_id: boris.userId, until: new Date(Date.now() + 86_400_000).toISOString() },
        'moderated',
      );
      await anna.expectReply('room_notify', { room_id: room, muted_until: 'forever' }, 'room_notify');
      // Files: an image attached (bytes and thumbnail), a link with its preview (and the preview's image).
      const png = await pngFile(64, 48);
      const file = (await upload(server.url, anna.token, 'map.png', png, 'image/png')).body;
      await anna.expectReply('message', { room_id: room, content: 'the map', attachments: [file.file_id] }, 'ack');
      const linked = await anna.expectReply('message', { room_id: room, content: `see http://127.0.0.1:${fixture.port}/page` }, 'ack');
      await boris.next(
        'send',
        (p) => p.messages.some((m) => m.message_id === linked.message_id && m.link_preview?.image_url !== undefined),
        15_000,
      );

      // An archived room stays archived (migration 008's column travels in the room line).
      const shelved = (await anna.expectReply('room_create', { kind: 'public', name: 'shelved' }, 'room')).room.room_id;
      await anna.expectReply('moderate', { room_id: shelved, action: 'archive' }, 'moderated');

      const pick = (r: RoomSummary) => [
        r.room_id,
        r.name,
        r.read_seq,
        r.unread,
        r.mention_count,
        r.notify_level,
        r.muted_until,
        r.last_rev,
        r.archived ?? false,
      ];
      const before = (await anna.expectReply('rooms', {}, 'rooms')).rooms.map(pick);
      const a = join(dir, 'a.jsonl');
      const b = join(dir, 'b.jsonl');
      const exported = await runAdminCli(sourceEnv, ['export', '--out', a]);
      expect(exported.code).toBe(0);
      const text = await readFile(a, 'utf8');
      expect(text).not.toMatch(/argon2|password/);
      const types = text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { type: string }).type);
      for (const type of ['cerulean-chalice-export', 'user', 'room', 'member', 'message', 'reaction', 'version', 'upload', 'link_preview'])
        expect(types).toContain(type);
      const blobsOf = async (exportPath: string) => {
        const found: Record<string, string> = {};
        for (const kind of ['file', 'thumb', 'preview'])
          for (const name of await readdir(join(`${exportPath}.files`, kind)))
            found[`${kind}/${name}`] = (await readFile(join(`${exportPath}.files`, kind, name))).toString('base64');
        return found;
      };
      const blobs = await blobsOf(a);
      expect(Object.keys(blobs).map((key) => key.split('/')[0])).toEqual(['file', 'thumb', 'preview']);
      expect(Object.values(blobs)).toContain(png.toString('base64'));

      const imported = await runAdminCli(targetEnv, ['import', a]);
      expect(imported).toMatchObject({ code: 0 });
      expect(imported.stdout).toMatch(/1 uploads, 1 link_previews, 3 file blobs/);
      expect((await runAdminCli(targetEnv, ['export', '--out', b])).code).toBe(0);
      expect(await readFile(b, 'utf8')).toBe(text);
      expect(await blobsOf(b)).toEqual(blobs);
      expect((await runAdminCli(targetEnv, ['import', a])).code).toBe(1);

      // The imported server serves it: history, unread mentions; passwords must be reset first.
      const reset = await runAdminCli(targetEnv, ['reset-password', 'борис', '--password-stdin'], 'new password for boris');
      expect(reset.code).toBe(0);
      const copy = await startTestServer(targetEnv);
      try {
        await runAdminCli(targetEnv, ['reset-password', 'anna_export', '--password-stdin'], 'new password for anna');
        const annaCopy = await TestClient.connect(copy.wsUrl);
        annaCopy.send('signin', { nickname: 'anna_export', password: 'new password for anna' });
        await annaCopy.next('authorize', (p) => p.allowed);
        // Read markers, unread and mention counts, notification mutes and revs: as they were.
        expect((await annaCopy.expectReply('rooms', {}, 'rooms')).rooms.map(pick)).toEqual(before);
        const client = await TestClient.connect(copy.wsUrl);
        client.send('signin', { nickname: 'борис', password: 'new password for boris' });
        const authorized = (await client.next('authorize')).payload;
        expect(authorized).toMatchObject({ allowed: true, user_id: boris.userId });
        const history = await client.expectReply('history', { room_id: room }, 'history');
        expect(history.messages.map((m) => [m.content, m.deleted ?? false])).toEqual([
          ['hello again @борис', false],
          ['', true],
          ['the map', false],
          [`see http://127.0.0.1:${fixture.port}/page`, false],
        ]);
        // The attachment, its thumbnail and the preview's image are served to a member as before.
        const [, , withFile, withLink] = history.messages;
        const attachment = withFile?.attachments?.[0];
        expect(attachment).toMatchObject({ name: 'map.png', size: png.length, width: 64, height: 48 });
        const auth = { authorization: `Bearer ${authorized.token}` };
        const served = await getFile(copy.url, attachment?.url as string, auth);
        expect(served.response.status).toBe(200);
        expect(served.bytes.equals(png)).toBe(true);
        expect((await getFile(copy.url, attachment?.thumb_url as string, auth)).response.status).toBe(200);
        expect(withLink?.link_preview).toMatchObject({ title: 'Fjord & Fell — a <b>trip</b>', image_width: 600 });
        expect((await getFile(copy.url, withLink?.link_preview?.image_url as string, auth)).response.status).toBe(200);
        const refused = await client.call('message', { room_id: room, content: 'still muted' });
        expect(refused.payload).toMatchObject({ code: 'forbidden' });
      } finally {
        await copy.close();
      }

      const onlyPlans = join(dir, 'plans.jsonl');
      expect((await runAdminCli(sourceEnv, ['export', '--room', 'plans', '--out', onlyPlans])).code).toBe(0);
      const rows = (await readFile(onlyPlans, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; room_id?: number; id?: number | string });
      expect(rows.filter((row) => row.type === 'room').map((row) => row.id)).toEqual([room]);
      expect(rows.filter((row) => row.type === 'message').every((row) => row.room_id === room)).toBe(true);
      expect(rows.filter((row) => row.type === 'user').map((row) => row.id)).toEqual([anna.userId, boris.userId]);
      expect(rows.filter((row) => row.type === 'upload').map((row) => row.id)).toEqual([file.file_id]);
      expect(rows.filter((row) => row.type === 'link_preview')).toHaveLength(1);
      expect(await blobsOf(onlyPlans)).toEqual(blobs);
    },
    CLI_TEST_MS,
  );
});
