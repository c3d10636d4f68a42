/**
 * The server's default MAX_MESSAGE_LENGTH, in characters (code points, as the server counts them).
 * The protocol does not tell a client the configured value: a server set lower answers `too_large`,
 * and the outbox then hands the text back to the composer.
 */
export const MESSAGE_MAX_LENGTH = 4_000;

/** The composer shows how many characters are left once fewer than this many are. */
export const MESSAGE_COUNTER_FROM = 400;

export const characterCount = (text: string) => [...text].length;
