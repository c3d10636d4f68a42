import { currentLanguage, t } from './i18n/translate.js';

/** Intl formatters are costly to build: one per language and style. */
const cache = new Map<string, Intl.DateTimeFormat>();
function dates(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLanguage()}:${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(currentLanguage(), options);
    cache.set(key, format);
  }
  return format;
}

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
const DAY_MS = 86_400_000;

/** Calendar days from `date` to `now` in the reader's time zone (0 today, 1 yesterday). */
export function daysAgo(date: Date, now = new Date()): number {
  return Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
}

/** "Today", "Yesterday", else the date (with the year when it is not this year): date separators. */
export function dayLabel(datetime: string, now = new Date()): string {
  const date = new Date(datetime);
  const days = daysAgo(date, now);
  if (days === 0) return t('date.today');
  if (days === 1) return t('date.yesterday');
  const sameYear = date.getFullYear() === now.getFullYear();
  return dates({ weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}

export const sameDay = (a: string, b: string) => startOfDay(new Date(a)) === startOfDay(new Date(b));

export function timeOfDay(datetime: string): string {
  return dates({ hour: '2-digit', minute: '2-digit' }).format(new Date(datetime));
}

/** A moment near now, briefly: its time of day today, else its day and time ("29 Nov, 10:42"). */
export function shortDateTime(datetime: string, now = new Date()): string {
  if (daysAgo(new Date(datetime), now) === 0) return timeOfDay(datetime);
  return dates({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(datetime));
}

/** For a title: the full date and time. */
export function exactTime(datetime: string): string {
  return dates({ dateStyle: 'full', timeStyle: 'medium' }).format(new Date(datetime));
}

/**
 * A message's time as a person says it: "just now", "5 min ago" within the hour, the time of day
 * today, "yesterday, 14:05", else the short date and time.
 */
export function relativeTime(datetime: string, now = new Date()): string {
  const date = new Date(datetime);
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutesAgo', { count: minutes });
  const days = daysAgo(date, now);
  if (days === 0) return timeOfDay(datetime);
  if (days === 1) return t('time.yesterdayAt', { time: timeOfDay(datetime) });
  return dates({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** Distinct avatar backgrounds, each white-text-friendly (WCAG AA); each nickname keeps one. Defined in base.css. */
const AVATAR_HUES = 8;

export function avatarHue(nickname: string): number {
  let hash = 0;
  for (const char of nickname) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % AVATAR_HUES;
}

export function initial(nickname: string): string {
  return ([...nickname.trim()][0] ?? '?').toUpperCase();
}

/** A file's size in the page's language: "512 B", "1.4 MB". */
export function fileSize(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(currentLanguage(), {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
