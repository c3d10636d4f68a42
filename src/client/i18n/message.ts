/** A plural message: Intl.PluralRules picks the form (English: one/other; Russian: one/few/many/other). */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | Plural;
