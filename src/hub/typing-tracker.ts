import { encodeServerFrame } from '../protocol/server-events.js';
import type { Connection } from './connection.js';

interface Typist {
  nickname: string;
  timer: NodeJS.Timeout;
}

/**
 * Who is typing where. Each notice expires on its own timer, so a client
 * that vanishes mid-sentence cannot leave "typing…" behind; posting a
 * message ends it at once.
 */
export class TypingTracker {
  private readonly rooms = new Map<number, Map<number, Typist>>();

  constructor(private readonly subscribersOf: (roomId: number) => Iterable<Connection> | undefined) {}

  start(roomId: number, userId: number, nickname: string, ttlMs: number): void {
    let typists = this.rooms.get(roomId);
    if (!typists) {
      typists = new Map();
      this.rooms.set(roomId, typists);
    }
    const existing = typists.get(userId);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => this.stop(roomId, userId), ttlMs);
    timer.unref();
    typists.set(userId, { nickname, timer });
    if (!existing) this.announce(roomId);
  }

  stop(roomId: number, userId: number): void {
    const typists = this.rooms.get(roomId);
    const typist = typists?.get(userId);
    if (!typists || !typist) return;
    clearTimeout(typist.timer);
    typists.delete(userId);
    if (typists.size === 0) this.rooms.delete(roomId);
    this.announce(roomId);
  }

  clear(): void {
    for (const typists of this.rooms.values()) for (const typist of typists.values()) clearTimeout(typist.timer);
    this.rooms.clear();
  }

  private announce(roomId: number): void {
    const users = [...(this.rooms.get(roomId) ?? new Map<number, Typist>())].map(([user_id, typist]) => ({
      user_id,
      nickname: typist.nickname,
    }));
    const frame = Buffer.from(encodeServerFrame('typing', { room_id: roomId, users }));
    for (const connection of this.subscribersOf(roomId) ?? []) connection.sendRaw(frame);
  }
}
