/**
 * What a reload needs to sign back in by itself: the session token from
 * `authorize` (never the password) and whose it is, shown until the server
 * confirms. Kept in localStorage under one key.
 */
export interface SavedSession {
  token: string;
  user_id: number;
  nickname: string;
}

const KEY = 'cerulean-chalice:session';

/** Storage may be missing or refuse (privacy modes, quota): the page then simply asks for the password after a reload. */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function parse(raw: string | null | undefined): SavedSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<SavedSession>;
    if (typeof value.token !== 'string' || typeof value.user_id !== 'number' || typeof value.nickname !== 'string') return null;
    return { token: value.token, user_id: value.user_id, nickname: value.nickname };
  } catch {
    return null;
  }
}

export function loadSession(): SavedSession | null {
  try {
    return parse(storage()?.getItem(KEY));
  } catch {
    return null;
  }
}

export function saveSession(session: SavedSession): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(session));
  } catch {
    // Not stored: this page still resumes after a reconnect with the token it holds in memory.
  }
}

export function clearSession(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // Nothing stored, or nothing we may touch.
  }
}

/** Runs `ended` when another tab of this origin signs out the session whose token `current` returns. */
export function watchSignOut(current: () => string | null, ended: () => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key !== KEY || event.newValue !== null) return;
    const token = current();
    if (token !== null && parse(event.oldValue)?.token === token) ended();
  });
}
