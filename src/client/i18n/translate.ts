import { type Catalog, en, type MessageKey } from './en.js';
import type { Language } from './language.js';
import { ru } from './ru.js';

export type { MessageKey };

const CATALOGS: Record<Language, Catalog> = { en, ru };

let language: Language = 'en';
let plurals = new Intl.PluralRules(language);

export function setLanguage(next: Language): void {
  language = next;
  plurals = new Intl.PluralRules(next);
  document.documentElement.lang = next;
}

export const currentLanguage = (): Language => language;

type Params = Record<string, string | number>;

/**
 * The message for `key` in the current language, with `{name}` placeholders filled. A plural
 * message needs `count` among the params; numbers are formatted for the language.
 */
export function t(key: MessageKey, params: Params = {}): string {
  const message = CATALOGS[language][key] ?? en[key];
  const text = typeof message === 'string' ? message : (message[plurals.select(Number(params.count ?? 0))] ?? message.other);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(language) : value;
  });
}
