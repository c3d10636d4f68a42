import { NICKNAME_MAX_LENGTH, nicknameKey } from './nickname.js';

/** At most this many @s in one message are looked at; more is spam, not conversation. */
const MAX_MENTIONS = 20;
const ROOM_MENTION = 'room';

/** Code is quoted text: an @ inside a code span or a fenced block calls nobody. */
function withoutCode(content: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, ' ');
  return content.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm, blank).replace(/(`+)[^`\n][\s\S]*?\1/g, blank);
}

/** What may follow a nickname: the end, white space, or punctuation. */
const BOUNDARY = /[\s.,;:!?)\]}"'»…]/u;

export interface MentionCandidates {
  /** For each @, the nickname keys it could name, longest first. */
  perMention: string[][];
  room: boolean;
}

/**
 * Where the content calls people: every @ at the start of a word outside
 * code, with each prefix of what follows that ends at a word boundary as a
 * candidate nickname (nicknames may hold spaces: "@Anna Lee, hi" tries
 * "Anna Lee," "Anna Lee" and "Anna"). Resolved against the room's members
 * by `pickMentions`, longest match first.
 */
export function findMentionCandidates(content: string): MentionCandidates {
  const text = withoutCode(content);
  const perMention: string[][] = [];
  let room = false;
  for (const match of text.matchAll(/(?:^|[\s([{"'«])@/gu)) {
    if (perMention.length >= MAX_MENTIONS) break;
    const start = (match.index ?? 0) + match[0].length;
    const following = [...text.slice(start, start + NICKNAME_MAX_LENGTH * 2)].slice(0, NICKNAME_MAX_LENGTH);
    const candidates: string[] = [];
    for (let end = following.length; end > 0; end -= 1) {
      const next = following[end];
      if (next !== undefined && !BOUNDARY.test(next)) continue;
      const key = nicknameKey(following.slice(0, end).join('').trim());
      if (key !== '' && !candidates.includes(key)) candidates.push(key);
    }
    if (candidates.at(-1) === ROOM_MENTION || candidates.includes(ROOM_MENTION)) room = true;
    if (candidates.length > 0) perMention.push(candidates);
  }
  return { perMention, room };
}

/** The members each @ names (its longest candidate that is a member), without the author. */
export function pickMentions(candidates: MentionCandidates, members: Map<string, number>, authorId: number): number[] {
  const ids = new Set<number>();
  for (const keys of candidates.perMention) {
    const key = keys.find((candidate) => members.has(candidate));
    const userId = key === undefined ? undefined : members.get(key);
    if (userId !== undefined && userId !== authorId) ids.add(userId);
  }
  return [...ids];
}
