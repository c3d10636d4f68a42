import type { PresenceChange } from '../protocol/rooms.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { PreparedFrame } from './prepared-frame.js';

interface PendingChange extends PresenceChange {
  roomIds: number[];
}

/**
 * Who is online across every process, learned from presence events, and the
 * coalesced fan-out of changes: all changes of one tick go out as one
 * `presence` frame per room, so a storm of N sign-ins costs N/tick frames
 * per socket instead of N.
 */
export class PresenceTracker {
  private readonly online = new Map<number, Set<string>>();
  /** Last word from each process, and the users it reported, so a crashed process's users go offline. */
  private readonly processes = new Map<string, { seenAt: number; users: Map<number, { nickname: string; roomIds: number[] }> }>();
  private pending = new Map<number, PendingChange>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tickMs: number,
    private readonly subscribersOf: (roomId: number) => Iterable<Connection> | undefined,
  ) {}

  isOnline(userId: number): boolean {
    return (this.online.get(userId)?.size ?? 0) > 0;
  }

  /** Records that a process has (or no longer has) the user; queues a change when the user's overall state flips. */
  apply(processId: string, userId: number, nickname: string, online: boolean, roomIds: number[]): void {
    const process = this.heartbeat(processId);
    if (online) process.users.set(userId, { nickname, roomIds });
    else process.users.delete(userId);
    this.flip(processId, userId, nickname, online, roomIds);
  }

  heartbeat(processId: string, now = Date.now()) {
    let process = this.processes.get(processId);
    if (!process) {
      process = { seenAt: now, users: new Map() };
      this.processes.set(processId, process);
    }
    process.seenAt = now;
    return process;
  }

  /** Takes offline every user of a process silent for longer than `silenceMs`. */
  expire(silenceMs: number, now = Date.now()): void {
    for (const [processId, process] of this.processes) {
      if (now - process.seenAt <= silenceMs) continue;
      this.processes.delete(processId);
      for (const [userId, user] of process.users) this.flip(processId, userId, user.nickname, false, user.roomIds);
    }
  }

  private flip(processId: string, userId: number, nickname: string, online: boolean, roomIds: number[]): void {
    const was = this.isOnline(userId);
    let processes = this.online.get(userId);
    if (online) {
      if (!processes) {
        processes = new Set();
        this.online.set(userId, processes);
      }
      processes.add(processId);
    } else if (processes) {
      processes.delete(processId);
      if (processes.size === 0) this.online.delete(userId);
    }
    const now = this.isOnline(userId);
    if (was === now) return;
    const earlier = this.pending.get(userId);
    // Online then offline within one tick cancels out: nobody needs to hear of it.
    if (earlier && earlier.online !== now) this.pending.delete(userId);
    else this.pending.set(userId, { user_id: userId, nickname, online: now, roomIds });
    if (this.tickMs === 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.tickMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const byRoom = new Map<number, PresenceChange[]>();
    for (const change of this.pending.values()) {
      for (const roomId of change.roomIds) {
        const list = byRoom.get(roomId) ?? [];
        list.push({ user_id: change.user_id, nickname: change.nickname, online: change.online });
        byRoom.set(roomId, list);
      }
    }
    this.pending = new Map();
    for (const [roomId, users] of byRoom) {
      const frames = [new PreparedFrame(encodeServerFrame('presence', { users }))];
      const bytes = PreparedFrame.join(frames);
      for (const connection of this.subscribersOf(roomId) ?? []) connection.sendFrames(frames, bytes);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
