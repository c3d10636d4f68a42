import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../src/protocol/rooms.js';
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
  beforeAll(async () => {
    source = await freshStoreLocation('postgres');
    target = await freshStoreLocation('postgres');
    server = await startTestServer(source.env);
    dir = await mkdtemp(join(tmpdir(), 'cc-export-'));
  });
  afterAll(async () => {
    await server?.close();
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

      const pick = (r: RoomSummary) => [
        r.room_id,
        r.name,
        r.read_seq,
        r.unread,
        r.mention_count,
        r.notify_level,
        r.muted_until,
        r.last_rev,
      ];
      const before = (await anna.expectReply('rooms', {}, 'rooms')).rooms.map(pick);
      const a = join(dir, 'a.jsonl');
      const b = join(dir, 'b.jsonl');
      const exported = await runAdminCli(source.env, ['export', '--out', a]);
      expect(exported.code).toBe(0);
      const text = await readFile(a, 'utf8');
      expect(text).not.toMatch(/argon2|password/);
      const types = text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { type: string }).type);
      for (const type of ['cerulean-chalice-export', 'user', 'room', 'member', 'message', 'reaction', 'version'])
        expect(types).toContain(type);

      const imported = await runAdminCli(target.env, ['import', a]);
      expect(imported).toMatchObject({ code: 0 });
      expect((await runAdminCli(target.env, ['export', '--out', b])).code).toBe(0);
      expect(await readFile(b, 'utf8')).toBe(text);
      expect((await runAdminCli(target.env, ['import', a])).code).toBe(1);

      // The imported server serves it: history, unread mentions; passwords must be reset first.
      const reset = await runAdminCli(target.env, ['reset-password', 'борис', '--password-stdin'], 'new password for boris');
      expect(reset.code).toBe(0);
      const copy = await startTestServer(target.env);
      try {
        await runAdminCli(target.env, ['reset-password', 'anna_export', '--password-stdin'], 'new password for anna');
        const annaCopy = await TestClient.connect(copy.wsUrl);
        annaCopy.send('signin', { nickname: 'anna_export', password: 'new password for anna' });
        await annaCopy.next('authorize', (p) => p.allowed);
        // Read markers, unread and mention counts, notification mutes and revs: as they were.
        expect((await annaCopy.expectReply('rooms', {}, 'rooms')).rooms.map(pick)).toEqual(before);
        const client = await TestClient.connect(copy.wsUrl);
        client.send('signin', { nickname: 'борис', password: 'new password for boris' });
        expect((await client.next('authorize')).payload).toMatchObject({ allowed: true, user_id: boris.userId });
        const history = await client.expectReply('history', { room_id: room }, 'history');
        expect(history.messages.map((m) => [m.content, m.deleted ?? false])).toEqual([
          ['hello again @борис', false],
          ['', true],
        ]);
        const refused = await client.call('message', { room_id: room, content: 'still muted' });
        expect(refused.payload).toMatchObject({ code: 'forbidden' });
      } finally {
        await copy.close();
      }

      const onlyPlans = join(dir, 'plans.jsonl');
      expect((await runAdminCli(source.env, ['export', '--room', 'plans', '--out', onlyPlans])).code).toBe(0);
      const rows = (await readFile(onlyPlans, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; room_id?: number; id?: number });
      expect(rows.filter((row) => row.type === 'room').map((row) => row.id)).toEqual([room]);
      expect(rows.filter((row) => row.type === 'message').every((row) => row.room_id === room)).toBe(true);
      expect(rows.filter((row) => row.type === 'user').map((row) => row.id)).toEqual([anna.userId, boris.userId]);
    },
    CLI_TEST_MS,
  );
});
