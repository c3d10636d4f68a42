const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/** The server's UTC `datetime` in the reader's time zone: the time alone for today, with the date otherwise. */
export function shortTime(datetime: string, now = new Date()): string {
  const date = new Date(datetime);
  return date.toDateString() === now.toDateString() ? time.format(date) : dayAndTime.format(date);
}

export function longTime(datetime: string): string {
  return full.format(new Date(datetime));
}

/** Distinct, white-text-friendly avatar colours; each nickname keeps one. */
const AVATAR_COLOURS = ['#c2410c', '#15803d', '#1d4ed8', '#7e22ce', '#be123c', '#0f766e', '#a16207', '#4338ca'];

export function avatarColour(nickname: string): string {
  let hash = 0;
  for (const char of nickname) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length] ?? '#1f6fa8';
}

export function initial(nickname: string): string {
  return ([...nickname.trim()][0] ?? '?').toUpperCase();
}
