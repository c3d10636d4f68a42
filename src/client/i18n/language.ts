import { readStored, writeStored } from '../browser-storage.js';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Names of the languages in themselves, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' };

const KEY = 'language';

const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

/**
 * The language chosen on this browser, else the first of the browser's preferred languages
 * (navigator.languages, e.g. ["ru-RU", "en"]) that we have, else English.
 */
export function preferredLanguage(): Language {
  const stored = readStored(KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  writeStored(KEY, language);
}
