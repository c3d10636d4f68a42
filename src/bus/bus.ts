import type { ChatMessage } from '../protocol/message.js';
import type { NotifyLevel } from '../protocol/notifications.js';
import type { ServerRole } from '../protocol/roles.js';
import type { RoomSummary } from '../protocol/rooms.js';
import type { ServerPayloads } from '../protocol/server-events.js';

/**
 * What one server process tells every process (itself included) after a
 * change has committed. Events carry everything a hub needs to fan out
 * without querying the database again.
 */
export type BusEvent =
  | { type: 'messages'; messages: Array<{ message: ChatMessage; connectionId: string | null }> }
  | { type: 'connection_closed'; connectionId: string; roomIds: number[] }
  /** A user joined (room set) or left (room null) a room; their sessions subscribe or unsubscribe. */
  | { type: 'membership'; userId: number; nickname: string; roomId: number; room: RoomSummary | null }
  /** A room's name, topic or archived state changed: every member's connections hear `room_updated`. */
  | { type: 'room_updated'; roomId: number; name: string; topic: string; archived: boolean; origin?: Origin }
  | { type: 'read'; userId: number; roomId: number; seq: number; unread: number; mentionCount: number; origin?: Origin }
  | { type: 'typing'; roomId: number; userId: number; nickname: string; ttlMs: number }
  /** A user's first connection to a process opened, or its last one closed. */
  | { type: 'presence'; processId: string; userId: number; nickname: string; online: boolean; roomIds: number[] }
  | { type: 'presence_snapshot_request'; processId: string }
  /** "I am alive": a process not heard from for a while is presumed dead and its users offline. */
  | { type: 'presence_heartbeat'; processId: string }
  /** Local only: the bus connection came back after an outage; presence must be announced again. */
  | { type: 'bus_reconnected' }
  /** A user changed how much a room may interrupt them: their connections hear `room_notify`. */
  | { type: 'notify_settings'; userId: number; roomId: number; level: NotifyLevel; mutedUntil: string | null; origin?: Origin }
  /** A user gained or lost their last push subscription: every process keeps the set of users worth a push query. */
  | { type: 'push_subscribers'; userId: number; subscribed: boolean }
  /** A session was signed out: connections using it close, on every process. */
  | { type: 'session_revoked'; sessionId: string; userId: number; origin?: Origin }
  /** A moderator muted, unmuted or changed the room role of a user: their connections hear it (and apply a mute). */
  | { type: 'moderated'; userId: number; result: ServerPayloads['moderated']; origin?: Origin }
  /**
   * An admin changed the user's server role. Deactivated: `sessionIds` were revoked, and every connection of
   * the user closes on every process; any other role: their connections hear it.
   */
  | { type: 'user_role'; userId: number; nickname: string; role: ServerRole; sessionIds: string[] };

/** The connection and request that caused an event, so its reply can carry the request_id back. */
export interface Origin {
  connectionId: string;
  requestId: string;
}

export type BusHandler = (event: BusEvent) => void;

export interface Bus {
  readonly kind: 'memory' | 'redis';
  /**
   * Hands the event to this process's handlers at once (synchronously, so this process's own
   * order is publish order) and to the other processes without blocking. Never rejects: the bus
   * is at-most-once between processes and reports its failures itself; what it loses, PostgreSQL
   * still has (messages are refilled by rev, presence re-announced when the bus returns).
   */
  publish(event: BusEvent): Promise<void>;
  /** Whether events published now would reach the other processes (readiness). */
  isConnected(): boolean;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
}

/** Runs every handler; one that throws is reported and cannot keep the event from the others or fail the publisher. */
export function deliverTo(handlers: Iterable<BusHandler>, event: BusEvent, onError: (error: Error) => void): void {
  for (const handler of handlers) {
    try {
      handler(event);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
