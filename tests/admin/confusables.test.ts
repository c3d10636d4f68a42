import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RESERVED_NICKNAMES, skeleton } from '../../src/domain/confusables.js';
import { backfillSkeletons } from '../../src/domain/skeleton-backfill.js';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const PASSWORD = 'correct horse battery';
/** ASCII letters that no look-alike maps to or from and that form no "rn"/"vv": the names stay unique per case. */
const tag = () => Array.from({ length: 6 }, () => 'bdfghjkpqstxyz'[randomInt(14)]).join('');

describe('nickname impersonation by look-alike (PGlite)', () => {
  const server = useServer('pglite');
  const signup = async (nickname: string) => {
    const client = await TestClient.connect(server().wsUrl);
    client.send('signup', { nickname, password: PASSWORD });
    const { payload } = await client.next('authorize');
    client.close();
    return payload;
  };

  it.each([
    ['Cyrillic р, а and у', 'paypal', 'раураl'],
    ['capitals', 'alice', 'ALICE'],
    ['a Cyrillic а', 'alice', 'аlice'],
    ['fullwidth letters', 'alice', 'ａｌｉｃｅ'],
    ['a Greek omicron', 'oscar', 'οscar'],
    ['a zero for o', 'oscar', '0scar'],
    ['ones for l', 'bill', 'bi11'],
    ['a Cyrillic capital І', 'bill', 'bІll'],
    ['"rn" for m', 'modem', 'modern'],
    ['Cyrillic capitals', 'kate', 'КАТЕ'],
    ['an en dash for a hyphen', 'the-cat', 'the–cat'],
    ['a Cyrillic ѕ', 'sophia', 'ѕophia'],
    ['a Cyrillic ј', 'john', 'јohn'],
    ['a Cyrillic һ', 'helen', 'һelen'],
    ['Cyrillic х, е and а', 'xena', 'хеnа'],
    ['a Cyrillic у', 'yuri', 'уuri'],
    ['fullwidth capitals', 'eve', 'ＥＶＥ'],
    ['a small capital ɴ', 'nina', 'ɴina'],
    ['a Cyrillic ԁ', 'dora', 'ԁora'],
    ['"vv" for w', 'walt', 'vvalt'],
    ['mathematical bold letters', 'pavel', '𝐩𝐚𝐯𝐞𝐥'],
    ['a dotless ı', 'ivan', 'ıvan'],
    ['a Greek capital Zeta', 'zeta', 'Ζeta'],
    ['a Greek capital Alpha and Cyrillic е', 'alex', 'Αlеx'],
  ])('refuses %s: %s, then %s', async (_case, existing, impersonation) => {
    const suffix = tag();
    expect(await signup(`${existing}${suffix}`)).toMatchObject({ allowed: true });
    expect(await signup(`${impersonation}${suffix}`)).toMatchObject({ allowed: false, reason: 'nickname_taken' });
  });

  it.each([
    ['a zero-width space', 'alice', 'alice\u200B'],
    ['a zero-width joiner', 'alice', 'al\u200Dice'],
  ])('refuses %s (an invisible character is never part of a name)', async (_case, existing, impersonation) => {
    const suffix = tag();
    expect(await signup(`${existing}${suffix}`)).toMatchObject({ allowed: true });
    expect(await signup(`${impersonation}${suffix}`)).toMatchObject({ allowed: false, reason: 'invalid_nickname' });
  });

  it.each([
    'admin',
    'Admin',
    'аdmin',
    'ADMINISTRATOR',
    'root',
    'r00t',
    'ѕystem',
    'support',
    'moderator',
    'everyone',
    'here',
    'room',
    'ＲＯＯＭ',
  ])('refuses the reserved name %s', async (nickname) => {
    expect(await signup(nickname)).toMatchObject({ allowed: false, reason: 'invalid_nickname' });
  });

  it.each([
    ['alice', 'alicia'],
    ['anna', 'анна'],
    ['jose', 'josé'],
    ['bob', 'bobby'],
    ['maria', 'mária'],
    ['oleg', 'олег'],
    ['peter', 'petra'],
    ['zoe', 'zoë'],
    ['lea', 'léa'],
    ['ivan', 'иван'],
    ['chen', '陈'],
    ['sam', 'sam2'],
    ['dmitri', 'дмитрий'],
    ['ana', 'anna'],
    ['luka', 'lukas'],
    ['nikos', 'νίκος'],
    ['kim', 'kin'],
    ['o.k', 'ok'],
    ['robin', 'robyn'],
    ['tomas', 'tomás'],
    ['elena', 'Ελένη'],
    ['user one', 'user two'],
    ['admins', 'rooms'],
  ])('accepts %s and %s as two people', async (first, second) => {
    const suffix = tag();
    expect(await signup(`${first}${suffix}`)).toMatchObject({ allowed: true });
    expect(await signup(`${second}${suffix}`)).toMatchObject({ allowed: true });
  });

  it('accepts a Cyrillic name that looks like a Latin one while the Latin one does not exist', async () => {
    const suffix = tag();
    expect(await signup(`Аnnа${suffix}`)).toMatchObject({ allowed: true });
    expect(await signup(`anna${suffix}`)).toMatchObject({ allowed: false, reason: 'nickname_taken' });
  });

  it('gives accounts from before the skeleton column theirs at the next start, the older look-alike first', async () => {
    const db = server().server.store.db;
    const suffix = tag();
    const rows = await db
      .insertInto('users')
      .values([
        { nickname: `mark${suffix}`, nickname_key: `mark${suffix}`, password_hash: 'x', nickname_skeleton: null },
        { nickname: `MАRK${suffix}`, nickname_key: `mаrk${suffix}`, password_hash: 'x', nickname_skeleton: null },
      ])
      .returning(['id'])
      .execute();
    expect(await backfillSkeletons(db)).toBe(1);
    const stored = await db
      .selectFrom('users')
      .select(['id', 'nickname_skeleton'])
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('id')
      .execute();
    expect(stored.map((row) => row.nickname_skeleton)).toEqual([skeleton(`mark${suffix}`), null]);
    expect(await signup(`MARK${suffix}`)).toMatchObject({ allowed: false, reason: 'nickname_taken' });
  });

  it('reserves the names the issue lists', () => {
    expect(RESERVED_NICKNAMES).toEqual(['admin', 'administrator', 'system', 'moderator', 'root', 'support', 'everyone', 'room', 'here']);
  });
});
