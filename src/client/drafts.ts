import { readStored, removeStored, writeStored } from './browser-storage.js';

/** What the composer of one room shows: the text, and why it came back from the outbox, if it did. */
export interface Draft {
  text: string;
  /** Set when a message was refused and its text put back here (an error code, e.g. too_large). */
  returned?: string;
}

type Listener = (draft: Draft) => void;

const key = (userId: number) => `drafts:${userId}`;

/**
 * What was typed and not sent, per room, for the person signed in: it survives switching rooms and a
 * reload (localStorage), and signing out forgets it. The outbox hands a refused message back here.
 */
export class Drafts {
  private userId: number | null = null;
  private texts: Record<string, string> = {};
  private readonly returned = new Map<number, string>();
  private readonly listeners = new Map<number, Set<Listener>>();

  /** Whose drafts these are; another person's are loaded from storage. */
  use(userId: number | null): void {
    if (userId === this.userId) return;
    this.userId = userId;
    this.returned.clear();
    const stored = userId === null ? undefined : readStored(key(userId));
    this.texts = typeof stored === 'object' && stored !== null ? (stored as Record<string, string>) : {};
    for (const roomId of this.listeners.keys()) this.notify(roomId);
  }

  get(roomId: number): Draft {
    const returned = this.returned.get(roomId);
    return { text: this.texts[roomId] ?? '', ...(returned === undefined ? {} : { returned }) };
  }

  /** From the composer, as the person types. */
  set(roomId: number, text: string): void {
    this.returned.delete(roomId);
    if ((this.texts[roomId] ?? '') === text) return;
    if (text === '') delete this.texts[roomId];
    else this.texts[roomId] = text;
    this.save();
  }

  /** A message the server refused for its content: its text goes back to the composer, before anything typed since. */
  giveBack(roomId: number, text: string, reason: string): void {
    const current = this.texts[roomId] ?? '';
    this.texts[roomId] = current.trim() === '' ? text : `${text}\n${current}`;
    this.returned.set(roomId, reason);
    this.save();
    this.notify(roomId);
  }

  subscribe(roomId: number, listener: Listener): () => void {
    const set = this.listeners.get(roomId) ?? new Set();
    set.add(listener);
    this.listeners.set(roomId, set);
    return () => set.delete(listener);
  }

  /** Signing out: nothing typed stays behind on this browser. */
  forget(): void {
    if (this.userId !== null) removeStored(key(this.userId));
    this.texts = {};
    this.returned.clear();
    this.userId = null;
  }

  private save(): void {
    if (this.userId === null) return;
    if (Object.keys(this.texts).length === 0) removeStored(key(this.userId));
    else writeStored(key(this.userId), this.texts);
  }

  private notify(roomId: number): void {
    const draft = this.get(roomId);
    for (const listener of this.listeners.get(roomId) ?? []) listener(draft);
  }
}
