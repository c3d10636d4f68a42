import { readStored, removeStored, watchStored, writeStored } from './browser-storage.js';

/**
 * What a reload needs to sign back in by itself: the session token from
 * `authorize` (never the password) and whose it is, shown until the server
 * confirms. Kept in localStorage under one key; without storage the page
 * simply asks for the password after a reload.
 */
export interface SavedSession {
  token: string;
  user_id: number;
  nickname: string;
}

const KEY = 'session';

function parse(value: unknown): SavedSession | null {
  const saved = value as Partial<SavedSession> | null | undefined;
  if (typeof saved?.token !== 'string' || typeof saved.user_id !== 'number' || typeof saved.nickname !== 'string') return null;
  return { token: saved.token, user_id: saved.user_id, nickname: saved.nickname };
}

export function loadSession(): SavedSession | null {
  return parse(readStored(KEY));
}

export function saveSession(session: SavedSession): void {
  writeStored(KEY, session);
}

export function clearSession(): void {
  removeStored(KEY);
}

/** Runs `ended` when another tab of this origin signs out the session whose token `current` returns. */
export function watchSignOut(current: () => string | null, ended: () => void): void {
  watchStored(KEY, (value, old) => {
    if (value !== null) return;
    const token = current();
    if (token !== null && parse(old)?.token === token) ended();
  });
}
