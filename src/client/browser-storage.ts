/**
 * localStorage as JSON under this app's prefix. Storage may be missing or refuse (privacy modes, a
 * full quota): reads then find nothing and writes are dropped, and the page works on without it.
 */
const PREFIX = 'cerulean-chalice:';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readStored(key: string): unknown {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Not kept across a reload; everything still works for this page's life.
  }
}

export function removeStored(key: string): void {
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // Nothing stored, or nothing we may touch.
  }
}

/** Calls `changed` with the new value when another tab of this origin writes `key` (null when removed). */
export function watchStored(key: string, changed: (value: unknown, old: unknown) => void): void {
  const parse = (raw: string | null) => {
    try {
      return raw === null ? null : (JSON.parse(raw) as unknown);
    } catch {
      return null;
    }
  };
  window.addEventListener('storage', (event) => {
    if (event.key === PREFIX + key) changed(parse(event.newValue), parse(event.oldValue));
  });
}
