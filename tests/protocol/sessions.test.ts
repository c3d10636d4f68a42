import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sessionIdOf } from '../../src/domain/session-service.js';
import { TestClient } from '../helpers/client.js';
import { startTestServer } from '../helpers/server.js';
import { availableStores, freshStoreLocation } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

describe.each(stores)('sessions: resume and signout on %s', (store) => {
  const server = useServer(store, { RESUME_MAX_MESSAGES: '500' });
  const connect = () => TestClient.connect(server().wsUrl);

  async function signupWithToken() {
    const client = await connect();
    await client.signup();
    const token = client.all('authorize')[0]?.payload.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return { client, token };
  }

  it('resumes a session on a new connection with the token instead of the password', async () => {
    const { client, token } = await signupWithToken();
    const again = await connect();
    again.send('resume', { token, request_id: 'r' });
    expect((await again.next('authorize')).payload).toMatchObject({ allowed: true, user_id: client.userId, token, request_id: 'r' });
    const stranger = await connect();
    stranger.send('resume', { token: 'not-a-token' });
    expect((await stranger.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'invalid_token' });
  });

  it('stores only a hash of the token', async () => {
    const { token } = await signupWithToken();
    const rows = await sql<{ token_hash: string }>`select token_hash from sessions`.execute(server().server.store.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.map((row) => row.token_hash)).not.toContain(token);
  });

  it('sends exactly the missed messages, in order, then live ones, with no gap and no duplicate while others keep posting', async () => {
    const { client, token } = await signupWithToken();
    const poster = await (await connect()).signup();
    poster.send('message', { content: 'seen before leaving', request_id: 'seen' });
    const seen = await poster.next('ack', (p) => p.request_id === 'seen');
    await client.next('send', (p) => p.messages.some((m) => m.message_id === seen.payload.message_id));
    client.socket.terminate();

    for (let i = 0; i < 30; i++) poster.send('message', { content: `while away ${i}`, request_id: `away${i}` });
    await poster.next('ack', (p) => p.request_id === 'away29');

    const back = await connect();
    let posting = true;
    const keepPosting = (async () => {
      for (let i = 0; posting; i++) {
        poster.send('message', { content: `during resume ${i}`, request_id: `during${i}` });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    back.send('resume', { token, since: { 1: seen.payload.message_id, 987654: 1 }, request_id: 'back' });
    await back.next('authorize');
    const resumed = await back.next('resumed');
    expect(resumed.payload).toMatchObject({ request_id: 'back', skipped: [987654] });
    expect(resumed.payload.rooms[0]).toMatchObject({ room_id: 1, has_more: false });
    expect(resumed.payload.rooms[0]?.through_seq).toBeGreaterThanOrEqual(seen.payload.seq + 30);
    await new Promise((resolve) => setTimeout(resolve, 300));
    posting = false;
    await keepPosting;
    poster.send('message', { content: 'the last one', request_id: 'last' });
    await back.next('send', (p) => p.messages.some((m) => m.content === 'the last one'));

    const received = back.messages().filter((m) => m.room_id === 1);
    const seqs = received.map((m) => m.seq);
    expect(seqs[0]).toBe(seen.payload.seq + 1);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seen.payload.seq + 1 + i));
    expect(received.filter((m) => m.content.startsWith('while away'))).toHaveLength(30);
  });

  it('signout closes every connection of that session, and works from a connection that is not signed in', async () => {
    const { client, token } = await signupWithToken();
    const otherTab = await connect();
    otherTab.send('resume', { token });
    await otherTab.next('authorize');
    client.send('signout', {});
    await otherTab.next('signed_out');
    expect((await otherTab.waitClosed()).code).toBe(1000);
    expect((await client.waitClosed()).code).toBe(1000);

    const second = await signupWithToken();
    const offline = await connect();
    expect((await offline.call('signout', {})).payload).toMatchObject({ code: 'not_authorized' });
    expect((await offline.call('signout', { token: second.token })).kind).toBe('signed_out');
    expect((await second.client.waitClosed()).code).toBe(1000);
  });

  it('reports the resume point as through_seq when nothing is new, and refuses an oversized since', async () => {
    const { client, token } = await signupWithToken();
    client.send('message', { content: 'last seen', request_id: 'seen' });
    const seen = await client.next('ack', (p) => p.request_id === 'seen');
    const again = await connect();
    again.send('resume', { token, since: { 1: seen.payload.message_id } });
    await again.next('authorize');
    const done = await again.next('resumed');
    expect(done.payload.rooms).toEqual([{ room_id: 1, through_seq: seen.payload.seq, through_rev: expect.any(Number), has_more: false }]);
    const huge = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [String(i + 1), 0]));
    const third = await connect();
    third.send('resume', { token, since_seq: huge, request_id: 'huge' });
    expect((await third.next('error')).payload).toMatchObject({ code: 'invalid_payload', request_id: 'huge' });
  });

  it('brings back the rooms and the mutes of the account: a resumed or signed-in-again muted member stays muted', async () => {
    const owner = await (await connect()).signup();
    const { client: member, token } = await signupWithToken();
    const { room } = await owner.expectReply('room_create', { kind: 'private', name: 'resume standing' }, 'room');
    await owner.expectReply('room_invite', { room_id: room.room_id, nickname: member.nickname }, 'room');
    const other = (await owner.expectReply('room_create', { kind: 'private', name: 'resume free' }, 'room')).room;
    await owner.expectReply('room_invite', { room_id: other.room_id, nickname: member.nickname }, 'room');
    const until = new Date(Date.now() + HOUR_MS).toISOString();
    await owner.expectReply('moderate', { room_id: room.room_id, action: 'mute', user_id: member.userId, until }, 'moderated');
    member.socket.terminate();

    const resumed = await connect();
    resumed.send('resume', { token });
    expect((await resumed.next('authorize')).payload).toMatchObject({ allowed: true });
    const again = await connect();
    again.send('signin', { nickname: member.nickname, password: 'correct horse battery' });
    expect((await again.next('authorize')).payload).toMatchObject({ allowed: true });
    for (const tab of [resumed, again]) {
      expect((await tab.call('message', { room_id: room.room_id, content: 'still muted?' })).payload).toMatchObject({ code: 'forbidden' });
      expect((await tab.call('message', { room_id: other.room_id, content: 'free to talk' })).kind).toBe('ack');
    }
  });

  it('signout revokes the token and closes the connection', async () => {
    const { client, token } = await signupWithToken();
    const reply = await client.call('signout', {});
    expect(reply.kind).toBe('signed_out');
    expect((await client.waitClosed()).code).toBe(1000);
    const later = await connect();
    later.send('resume', { token });
    expect((await later.next('authorize')).payload).toMatchObject({ allowed: false, reason: 'invalid_token' });
  });

  describe('idle sessions', () => {
    const lastUsed = async (token: string) => {
      const rows = await sql<{ last_used_at: Date }>`select last_used_at from sessions where token_hash = ${sessionIdOf(token)}`.execute(
        server().server.store.db,
      );
      return new Date(rows.rows[0]?.last_used_at as Date).getTime();
    };
    const backdate = (token: string, ms: number) =>
      sql`update sessions set last_used_at = now() - make_interval(secs => ${ms / 1000}) where token_hash = ${sessionIdOf(token)}`.execute(
        server().server.store.db,
      );
    const resumes = async (token: string) => {
      const client = await connect();
      client.send('resume', { token });
      const answer = (await client.next('authorize')).payload;
      client.close();
      return answer.allowed;
    };

    it('refuses a session unused for longer than SESSION_IDLE_DAYS, and keeps one in use alive', async () => {
      const stale = await signupWithToken();
      await backdate(stale.token, 31 * DAY_MS);
      expect(await resumes(stale.token)).toBe(false);

      // Last used two hours ago: the resume is let in and marks it used now.
      const older = await signupWithToken();
      await backdate(older.token, 2 * HOUR_MS);
      expect(await resumes(older.token)).toBe(true);
      expect(Date.now() - (await lastUsed(older.token))).toBeLessThan(60_000);

      // Used ten minutes ago: let in without a write (a reconnect storm after a deploy then costs no commit per client).
      const recent = await signupWithToken();
      await backdate(recent.token, 10 * 60_000);
      const before = await lastUsed(recent.token);
      expect(await resumes(recent.token)).toBe(true);
      expect(await lastUsed(recent.token)).toBe(before);
    });

    it('marks the sessions of connected clients used when the server stops, so they survive a long connection', async () => {
      const location = await freshStoreLocation(store);
      const own = await startTestServer(location.env);
      try {
        const client = await TestClient.connect(own.wsUrl);
        await client.signup();
        const token = client.all('authorize')[0]?.payload.token as string;
        const db = own.server.store.db;
        await sql`update sessions set last_used_at = now() - interval '20 days' where token_hash = ${sessionIdOf(token)}`.execute(db);
        const closed = client.waitClosed();
        await own.close();
        await closed;
        const reopened = await startTestServer(location.env);
        try {
          const rows = await sql<{
            last_used_at: Date;
          }>`select last_used_at from sessions where token_hash = ${sessionIdOf(token)}`.execute(reopened.server.store.db);
          expect(Date.now() - new Date(rows.rows[0]?.last_used_at as Date).getTime()).toBeLessThan(60_000);
        } finally {
          await reopened.close();
        }
      } finally {
        await location.dispose();
      }
    });
  });
});
