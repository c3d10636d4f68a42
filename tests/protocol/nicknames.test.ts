import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const PASSWORD = 'correct horse battery';
/** A suffix that keeps each case unique on the shared server without adding a second script to the name. */
const digits = () => String(randomBytes(4).readUInt32BE()).padStart(10, '0');

describe('nickname spoofing (PGlite)', () => {
  const server = useServer('pglite');
  const signup = async (nickname: string) => {
    const client = await TestClient.connect(server().wsUrl);
    client.send('signup', { nickname, password: PASSWORD });
    const { payload } = await client.next('authorize');
    client.close();
    return payload;
  };

  it.each([
    ['a combining grapheme joiner (U+034F)', 'anna\u034F'],
    ['an emoji variation selector (U+FE0F)', 'anna\uFE0F'],
    ['a text variation selector (U+FE0E)', 'an\uFE0Ena'],
    ['a supplementary variation selector (U+E0100)', 'anna\u{E0100}'],
    ['a Mongolian free variation selector (U+180B)', 'anna\u180B'],
    ['a Mongolian free variation selector (U+180F)', 'anna\u180F'],
    ['a tag character (U+E0041)', 'anna\u{E0041}'],
    ['a Khmer inherent vowel (U+17B4)', 'anna\u17B4'],
    ['a second acute stacked on á', 'anna\u0301\u0301'],
    ['a combining low line, which no letter precomposes', 'anna\u0332'],
    ['an acute on q, which has no precomposed form', 'q\u0301uinn'],
    ['a combining mark on a Greek letter', 'αλφα\u0332'],
    ['a combining mark on a Cyrillic letter', 'анна\u0332'],
    ['a combining mark on a digit', 'agent007\u20E3'],
    ['a combining mark with no base', '\u0301anna'],
  ])('refuses %s', async (_case, nickname) => {
    expect(await signup(`${nickname}`)).toMatchObject({ allowed: false, reason: 'invalid_nickname' });
  });

  it('stores and shows the NFC form: a trailing combining acute becomes the precomposed letter', async () => {
    const suffix = digits();
    const decomposed = `${suffix}anna\u0301`;
    const accepted = await signup(decomposed);
    expect(accepted).toMatchObject({ allowed: true, nickname: `${suffix}ann\u00E1` });
    expect(await signup(`${suffix}ann\u00E1`)).toMatchObject({ allowed: false, reason: 'nickname_taken' });
  });

  it.each([
    ['Cyrillic', 'Ана'],
    ['Latin with a precomposed accent', 'José'],
    ['Latin with a decomposed accent', 'Jose\u0301'],
    ['Han', '李雷'],
    ['Devanagari, whose vowel signs and virama are combining marks', 'हिन्दी'],
    ['Thai, whose vowels and tone marks are combining marks', 'สมชาย'],
    ['Arabic with vowel points', 'مُحَمَّد'],
    ['Hebrew with points', 'שָׁלוֹם'],
    ['an apostrophe', "O'Brien"],
  ])('accepts %s: %s', async (_script, name) => {
    const nickname = `${name}${digits()}`;
    expect(await signup(nickname)).toMatchObject({ allowed: true, nickname: nickname.normalize('NFC') });
  });
});
