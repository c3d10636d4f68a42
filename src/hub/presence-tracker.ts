import type { PresenceChange } from '../protocol/rooms.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { PreparedFrame } from './prepared-frame.js';

interface PendingChange extends PresenceChange {
  roomIds: number[];
}

/**
 * Who is online across every process, learned from presence events, and the
 * coalesced fan-out of changes: all changes of one flush go out as one
 * `presence` frame per room. A change after a quiet spell goes out on the next
 * tick; while changes keep coming (everyone reconnecting after a deploy), at
 * most one flush per `minIntervalMs`, so a storm of N sign-ins in a room costs
 * each member one frame per interval, not one per sign-in: in a restart storm
 * these writes were a sixth of the server's CPU, and nobody needs a dot to
 * turn green within the millisecond.
 */
export class PresenceTracker {
  private readonly online = new Map<number, Set<string>>();
  /** Last word from each process, and the users it reported, so a crashed process's users go offline. */
  private readonly processes = new Map<string, { seenAt: number; users: Map<number, { nickname: string; roomIds: number[] }> }>();
  private pending = new Map<number, PendingChange>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly tickMs: number,
    private readonly subscribersOf: (roomId: number) => Iterable<Connection> | undefined,
    private readonly minIntervalMs = 0,
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
    // The latest state wins, and is sent even when it is the one members were last told: a member who listed
    // the room meanwhile saw the user online (members read the live state), and must hear that they left.
    this.pending.set(userId, { user_id: userId, nickname, online: now, roomIds });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(this.tickMs, this.lastFlushAt + this.minIntervalMs - performance.now());
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    this.lastFlushAt = performance.now();
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
