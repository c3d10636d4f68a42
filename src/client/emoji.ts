/**
 * The reaction picker's choices: the emoji teams use most, each with the words it is found by (English
 * and Russian). Not a full emoji database: anything else can be typed or pasted into the search field.
 */
export const COMMON_EMOJI: ReadonlyArray<readonly [emoji: string, words: string]> = [
  ['👍', 'thumbs up yes ok agree like да согласен нравится палец вверх'],
  ['👎', 'thumbs down no dislike нет не нравится палец вниз'],
  ['❤️', 'heart love сердце любовь'],
  ['😂', 'joy laugh tears lol смех слёзы'],
  ['😄', 'smile happy улыбка радость'],
  ['🙂', 'slight smile улыбка'],
  ['😉', 'wink подмигивание'],
  ['😍', 'heart eyes love влюблён'],
  ['🤔', 'thinking hmm думаю хм'],
  ['😮', 'wow surprised open mouth удивление ого'],
  ['😢', 'cry sad tear грусть плачу'],
  ['😡', 'angry rage злость'],
  ['😅', 'sweat smile phew уф'],
  ['🙏', 'pray thanks please спасибо пожалуйста'],
  ['👏', 'clap applause bravo аплодисменты браво'],
  ['🙌', 'raised hands hooray ура'],
  ['👀', 'eyes looking смотрю глаза'],
  ['🎉', 'tada party celebrate праздник ура'],
  ['🔥', 'fire hot lit огонь'],
  ['✅', 'check done yes готово сделано'],
  ['❌', 'cross no wrong нет ошибка'],
  ['⚠️', 'warning careful внимание осторожно'],
  ['💯', 'hundred perfect сто идеально'],
  ['🚀', 'rocket ship launch ракета запуск'],
  ['👌', 'ok perfect хорошо'],
  ['💪', 'muscle strong сила'],
  ['🤝', 'handshake deal договорились рукопожатие'],
  ['👋', 'wave hello bye привет пока'],
  ['☕', 'coffee кофе'],
  ['🍕', 'pizza пицца'],
  ['🐛', 'bug баг ошибка'],
  ['💡', 'idea bulb идея'],
  ['📌', 'pin важно закрепить'],
  ['⭐', 'star звезда'],
  ['🤷', 'shrug dunno не знаю'],
  ['😴', 'sleep tired сон устал'],
];

const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** The search field's text itself, when it is one emoji (typed or pasted): offered as a choice. */
export function typedEmoji(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || !PICTOGRAPH.test(trimmed)) return null;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)];
  return graphemes.length === 1 ? trimmed : null;
}

/** The choices for what is typed in the search field. */
export function searchEmoji(query: string): string[] {
  const typed = typedEmoji(query);
  if (typed) return [typed];
  const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return COMMON_EMOJI.filter(([, names]) => words.every((word) => names.split(' ').some((name) => name.startsWith(word)))).map(
    ([emoji]) => emoji,
  );
}
