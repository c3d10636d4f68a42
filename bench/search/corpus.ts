/**
 * The words bench messages are made of: Russian and English chat vocabulary, most common first
 * (messages pick them with a skewed distribution, so early words are common and late ones rare).
 */
export const VOCABULARY = (
  'привет как дела что это надо сделать сегодня завтра вчера работа задача проект сервер ошибка ' +
  'the and to of in is it for on with this that we deploy release build test fix bug server error ' +
  'хорошо спасибо давай посмотрим сейчас потом встреча созвон отчёт документ версия база данных запрос ' +
  'please check review merge branch commit deployed deploying deployment pipeline staging production ' +
  'клиент пользователь сообщение комната поиск индекс миграция таблица строка колонка ответ вопрос ' +
  'meeting notes agenda customer ticket issue feature request latency memory disk network cache ' +
  'кажется думаю знаю помню пишу читаю смотрю жду пришлите обновил исправил сломал починил выкатил ' +
  'monday tuesday friday morning evening tonight weekend holiday lunch coffee tea office remote ' +
  'ёлка ёжик лёд мёд всё ещё её проверка настройка конфигурация логирование мониторинг алерт ' +
  'kubernetes docker postgres redis nginx typescript javascript python golang rust linux windows ' +
  'срочно важно неважно позже никогда всегда иногда часто редко быстро медленно громко тихо ' +
  'question answer thanks sorry okay sure maybe later never always sometimes quickly slowly ' +
  'договорились согласен возражаю предлагаю обсудим решили отложим отменили перенесли назначили ' +
  'estimate budget invoice contract vendor partner roadmap milestone sprint retro standup demo'
).split(' ');

/** In one message out of RARE_EVERY: the "rare word" query finds about size / RARE_EVERY messages. */
export const RARE_WORD = 'квазарами';
export const RARE_EVERY = 10_007;
/** In one message out of PHRASE_EVERY, as a phrase. */
export const PHRASE = 'release candidate';
export const PHRASE_EVERY = 997;

/** What each timed query type asks (the bench user is in 10 of the 100 rooms). */
export function benchQueries(sender: string): Array<[string, string]> {
  return [
    ['common word', 'сервер'],
    ['rare word', 'квазар'],
    ['phrase', `"${PHRASE}"`],
    ['prefix', 'deplo*'],
    ['substring fallback', 'eploym'],
    // A fragment of the rare word: the newest messages hold too few, so the trigram index is asked.
    ['rare substring', RARE_WORD.slice(1)],
    ['from: filter', `from:${sender}`],
    ['from: and a word', `from:${sender} deploy`],
  ];
}
