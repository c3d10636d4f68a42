import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../src/domain/actor.js';
import type { Database } from '../../src/storage/schema.js';

/** The corpus the relevance cases search: Russian, English, mixed, code, links, emoji. */
export const CORPUS: Record<string, { text: string; from?: 'alice' | 'bob'; room?: 'team' | 'random' }> = {
  m1: { text: 'Как твои дела? Давно не виделись' },
  m2: { text: 'Занимаюсь делами весь день', from: 'bob' },
  m3: { text: 'We deployed the new release yesterday' },
  m4: { text: 'Deploying to production now', room: 'random' },
  m5: { text: 'Ёлка стоит в зале' },
  m6: { text: 'елка без игрушек' },
  m7: { text: 'Привет всем! Приветствую новых участников' },
  m8: { text: 'Server error: connection refused at db.example.com:5432' },
  m9: { text: 'Смотри https://example.com/docs — там всё написано' },
  m10: { text: 'Мы задеплоили сервис на прод' },
  m11: { text: 'Fix the bug in `parseQuery()` function' },
  m12: { text: '🎉 Release 2.0 is out! 🚀' },
  m13: { text: 'Кошки и собаки живут вместе' },
  m14: { text: 'Собака лает, караван идёт' },
  m15: { text: 'The quick brown fox jumps over the lazy dog' },
  m16: { text: 'quick brown dogs are lazy', from: 'bob' },
  m17: { text: 'МОСКВА — столица России' },
  m18: { text: 'Встреча в Москве завтра в 10:00', room: 'random' },
  m19: { text: 'Обсудили deploy pipeline и CI', from: 'bob', room: 'random' },
  m20: { text: "I can't believe it's not butter" },
  m21: { text: 'running runners run' },
  m22: { text: 'Документация обновлена' },
  m23: { text: 'документы на подпись' },
  m24: { text: 'e-mail: support@example.org' },
  m25: { text: 'Погода сегодня отличная, солнце' },
  m26: { text: "Don't forget the meeting notes" },
  m27: { text: 'Test message with UPPERCASE Words' },
  m28: { text: 'привет, как дела?', from: 'bob' },
};

/** Inserts the corpus into fresh users and rooms; returns the reader (alice, in both rooms) and message ids by label. */
export async function seedCorpus(
  db: Kysely<Database>,
): Promise<{ actor: Actor; ids: Map<number, string>; nicknames: Record<string, string>; rooms: Record<string, string> }> {
  const tag = randomBytes(4).toString('hex');
  const nicknames = { alice: `alice_${tag}`, bob: `bob_${tag}` };
  const rooms = { team: `team-${tag}`, random: `random-${tag}` };
  const users: Record<string, number> = {};
  for (const [key, nickname] of Object.entries(nicknames)) {
    const row = await db
      .insertInto('users')
      .values({ nickname, nickname_key: nickname, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[key] = row.id;
  }
  const roomIds: Record<string, number> = {};
  for (const [key, name] of Object.entries(rooms)) {
    const row = await db
      .insertInto('rooms')
      .values({ kind: 'public', name, topic: '', owner_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    roomIds[key] = row.id;
    for (const userId of Object.values(users)) await db.insertInto('room_members').values({ room_id: row.id, user_id: userId }).execute();
  }
  const ids = new Map<number, string>();
  let seq = 0;
  for (const [label, message] of Object.entries(CORPUS)) {
    seq++;
    const row = await db
      .insertInto('messages')
      .values({
        room_id: roomIds[message.room ?? 'team'] as number,
        seq,
        rev: seq,
        user_id: users[message.from ?? 'alice'] as number,
        content: message.text,
        client_id: null,
        edited_at: null,
        deleted_at: null,
        reply_to_id: null,
        mentions: null,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(row.id, label);
  }
  const actor: Actor = {
    userId: users.alice as number,
    nickname: nicknames.alice,
    role: 'member',
    rooms: new Set(Object.values(roomIds)),
    silenced: new Map(),
  };
  return { actor, ids, nicknames, rooms };
}
