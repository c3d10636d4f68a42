import { describe, expect, it } from 'vitest';
import { en } from '../../src/client/i18n/en.js';
import type { Message } from '../../src/client/i18n/message.js';
import { ru } from '../../src/client/i18n/ru.js';

const catalogs: Record<string, Record<string, Message>> = { en, ru };
const placeholders = (message: Message) =>
  [...new Set((typeof message === 'string' ? [message] : Object.values(message)).flatMap((text) => text?.match(/\{\w+\}/g) ?? []))].sort();

describe('the page’s message catalogs', () => {
  it('every language has exactly the keys English has', () => {
    const keys = Object.keys(en).sort();
    for (const [language, catalog] of Object.entries(catalogs)) expect(Object.keys(catalog).sort(), language).toEqual(keys);
  });

  it('a message has the same placeholders in every language, and plurals every form the language needs', () => {
    for (const [language, catalog] of Object.entries(catalogs)) {
      const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(catalog)) {
        const english = en[key as keyof typeof en];
        expect(placeholders(message), `${language} ${key}`).toEqual(placeholders(english));
        expect(typeof message === 'string', `${language} ${key}: plural in one language, not in another`).toBe(typeof english === 'string');
        if (typeof message !== 'string') for (const form of forms) expect(message[form], `${language} ${key} ${form}`).toBeDefined();
      }
    }
  });
});
