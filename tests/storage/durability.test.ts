import { writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TestClient, uniqueNickname } from '../helpers/client.js';
import { startTestServer } from '../helpers/server.js';
import { availableStores, freshStoreLocation } from '../helpers/stores.js';

const stores = await availableStores();

describe.each(stores)('durability on %s', (store) => {
  it('keeps accounts and messages across a restart, and stores no plain password', async () => {
    const location = await freshStoreLocation(store);
    const password = 'plain-text-canary-4242';
    const nickname = uniqueNickname('durable');
    try {
      const first = await startTestServer(location.env);
      const writer = await TestClient.connect(first.wsUrl);
      await writer.signup(nickname, password);
      for (const content of ['before restart 1', 'before restart 2']) {
        writer.send('message', { content, request_id: content });
        await writer.next('ack', (p) => p.request_id === content);
      }
      await first.close();

      const second = await startTestServer(location.env);
      try {
        const reader = await TestClient.connect(second.wsUrl);
        reader.send('signin', { nickname, password });
        expect((await reader.next('authorize')).payload).toMatchObject({ allowed: true, user_id: writer.userId });
        reader.send('authorized', {});
        const page = await reader.next('send');
        expect(page.payload.messages.map((m) => m.content)).toEqual(['before restart 1', 'before restart 2']);

        const users = await second.server.store.db.selectFrom('users').selectAll().execute();
        expect(users).toHaveLength(1);
        expect(users[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        // No column of any table holds the password in clear.
        const dump = await sql<{ dump: string }>`
          select string_agg(t::text, ' ') as dump from (
            select row(u.*)::text as t from users u union all select row(m.*)::text from messages m
            union all select row(s.*)::text from sessions s) rows`.execute(second.server.store.db);
        expect(dump.rows[0]?.dump).not.toContain(password);
      } finally {
        await second.close();
      }
    } finally {
      await location.dispose();
    }
    // Opens a fresh store and then reopens it: on PGlite two starts, seconds each on a loaded machine.
  }, 120_000);

  it('refuses to start on a bad DATA_DIR or DATABASE_URL with a clear error', async () => {
    if (store === 'postgres') {
      await expect(startTestServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow(/ECONNREFUSED|connect/);
    } else {
      const location = await freshStoreLocation('pglite');
      const file = `${location.env.DATA_DIR}/not-a-directory`;
      await writeFile(file, 'x');
      await expect(startTestServer({ DATA_DIR: `${file}/data` })).rejects.toThrow(/ENOTDIR/);
      await location.dispose();
    }
  });
});
