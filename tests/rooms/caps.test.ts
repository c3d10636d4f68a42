import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { useServer } from '../helpers/suite.js';

const stores = await availableStores();

/** Caps that used to be checked, then awaited, then acted on: simultaneous requests all passed the check. */
describe.each(stores)('caps hold under simultaneous requests on %s', (store) => {
  const server = useServer(store, { MAX_CONNECTIONS_PER_USER: '2', MAX_CONNECTIONS_PER_ADDRESS: '40' });
  const connect = (from?: string) => TestClient.connect(server().wsUrl, {}, from);
  const user = async () => (await connect()).signup();

  it('fills a group DM to 8 members and no further when 11 invites arrive at once', async () => {
    const creator = await user();
    const members = await Promise.all(Array.from({ length: 6 }, user));
    const group = await creator.expectReply('room_create', { kind: 'group', members: members.map((m) => m.nickname) }, 'room');
    const invitees = await Promise.all(Array.from({ length: 11 }, user));
    const inviters = [creator, ...members];
    const replies = await Promise.all(
      invitees.map((invitee, i) =>
        (inviters[i % inviters.length] as TestClient).call('room_invite', { room_id: group.room.room_id, nickname: invitee.nickname }),
      ),
    );
    expect(replies.filter((reply) => reply.kind === 'room')).toHaveLength(1);
    expect(replies.filter((reply) => reply.kind === 'error').map((reply) => reply.payload)).toEqual(
      Array.from({ length: 10 }, () => expect.objectContaining({ code: 'forbidden' })),
    );
    const { members: inRoom } = await creator.expectReply('members', { room_id: group.room.room_id }, 'members');
    expect(inRoom).toHaveLength(8);
  });

  it('lets at most MAX_CONNECTIONS_PER_USER sign-ins of one account through when they overlap', async () => {
    const owner = await user();
    const { db } = server().server.store;
    // Opening a session takes half a second, so sign-ins that passed the cap together wait on the database together.
    await sql`CREATE FUNCTION slow_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER slow_session BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION slow_session()`.execute(db);
    try {
      const clients = await Promise.all(Array.from({ length: 4 }, () => connect()));
      for (const client of clients) client.send('signin', { nickname: owner.nickname, password: 'correct horse battery' });
      const answers = await Promise.all(clients.map(async (client) => (await client.next('authorize', () => true, 15_000)).payload));
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(1);
      expect(answers.filter((answer) => answer.reason === 'too_many_connections')).toHaveLength(3);
      for (const client of clients) client.close();
    } finally {
      await sql`DROP TRIGGER slow_session ON sessions`.execute(db);
      await sql`DROP FUNCTION slow_session()`.execute(db);
    }
  });

  it('opens at most MAX_CONNECTIONS_PER_ADDRESS sockets from one address when 100 arrive at once', async () => {
    const attempts = await Promise.all(Array.from({ length: 100 }, () => connect('127.0.6.1').catch((error: Error) => error)));
    const opened = attempts.filter((attempt): attempt is TestClient => attempt instanceof TestClient);
    expect(opened).toHaveLength(40);
    // Refused at the handshake (HTTP 429), or, had they passed that check together, closed at once (1013).
    const refusals = attempts.filter((attempt) => attempt instanceof Error).map(String);
    expect(refusals.filter((refusal) => !/429|\(1013\)/.test(refusal))).toEqual([]);
    for (const client of opened) client.close();
  });
});
