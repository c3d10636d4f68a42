import type { BusEvent } from '../bus/bus.js';
import { silencedUntilMs } from '../domain/actor.js';
import type { PresenceService } from '../domain/presence-service.js';
import { CLOSE_CODES } from '../protocol/errors.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { encodeServerFrame } from '../protocol/server-events.js';
import type { Fanout } from './fanout.js';
import type { MembershipApplier } from './membership.js';
import { PreparedFrame } from './prepared-frame.js';
import type { PresenceTracker } from './presence-tracker.js';
import type { Registry } from './registry.js';
import { reply, requestIdFor } from './reply.js';
import type { RecentRevocations } from './revocations.js';
import type { RoomStreams } from './room-streams.js';
import type { TypingTracker } from './typing-tracker.js';

/** What the bus event handlers work on: this process's sockets and trackers. */
export interface HubParts {
  registry: Registry;
  fanout: Fanout;
  presence: PresenceTracker;
  typing: TypingTracker;
  streams: RoomStreams;
  membership: MembershipApplier;
  presenceService: PresenceService;
  revocations: RecentRevocations;
  pushSubscribers: { noteSubscriber(userId: number, subscribed: boolean): void };
  /** With a fan-out tick of 0, sends what is queued at once. */
  flushIfUntimed(): void;
  /** Repeats who is online here, for processes that may have presumed us gone. */
  announceLocalUsers(): void;
  onError(error: unknown): void;
}

type BusEventType = BusEvent['type'];
type Handler<T extends BusEventType> = (hub: HubParts, event: Extract<BusEvent, { type: T }>) => void;

/**
 * Every bus event type and what this process does with it: the compiler
 * refuses a new event type until it has a handler here.
 */
export const busEventHandlers: { [T in BusEventType]: Handler<T> } = {
  messages: (hub, event) => {
    // In rev order per room, whatever order the bus brought them in (hub/room-streams.ts).
    for (const { message, connectionId } of event.messages) hub.streams.accept(message, connectionId);
    hub.flushIfUntimed();
  },
  connection_closed: (hub, event) => {
    // Every signed-in user is in the default room, so its subscribers are exactly those who shared a
    // room with the leaver; queued per tick, a disconnect storm costs one write per socket per tick.
    if (!event.roomIds.includes(DEFAULT_ROOM_ID)) return;
    hub.fanout.enqueueFrame(DEFAULT_ROOM_ID, new PreparedFrame(encodeServerFrame('remove', { connection_id: event.connectionId })));
    hub.flushIfUntimed();
  },
  membership: (hub, event) => hub.membership.apply(event),
  room_updated: (hub, event) => {
    for (const connection of hub.registry.subscribersOf(event.roomId) ?? []) {
      const payload = { room_id: event.roomId, name: event.name, topic: event.topic, archived: event.archived };
      reply(connection, 'room_updated', payload, requestIdFor(connection, event.origin));
    }
  },
  read: (hub, event) => {
    for (const connection of hub.registry.connectionsOf(event.userId)) {
      const payload = { room_id: event.roomId, seq: event.seq, unread: event.unread, mention_count: event.mentionCount };
      reply(connection, 'read', payload, requestIdFor(connection, event.origin));
    }
  },
  typing: (hub, event) => hub.typing.start(event.roomId, event.userId, event.nickname, event.ttlMs),
  presence: (hub, event) => hub.presence.apply(event.processId, event.userId, event.nickname, event.online, event.roomIds),
  presence_snapshot_request: (hub, event) => {
    if (event.processId !== hub.presenceService.processId) hub.announceLocalUsers();
  },
  presence_heartbeat: (hub, event) => {
    hub.presence.heartbeat(event.processId);
  },
  bus_reconnected: (hub) => {
    // Others may have presumed this process dead (and it them) during the outage, and every change
    // published meanwhile is lost to us: presence is asked for again and the rooms refilled.
    void hub.presenceService.requestSnapshot();
    hub.announceLocalUsers();
    hub.streams.resync().catch(hub.onError);
  },
  notify_settings: (hub, event) => {
    for (const connection of hub.registry.connectionsOf(event.userId)) {
      const payload = { room_id: event.roomId, level: event.level, muted_until: event.mutedUntil };
      reply(connection, 'room_notify', payload, requestIdFor(connection, event.origin));
    }
  },
  push_subscribers: (hub, event) => hub.pushSubscribers.noteSubscriber(event.userId, event.subscribed),
  session_revoked: (hub, event) => {
    hub.revocations.add(event.sessionId);
    for (const connection of [...hub.registry.connectionsOf(event.userId)]) {
      if (connection.sessionId !== event.sessionId) continue;
      reply(connection, 'signed_out', {}, requestIdFor(connection, event.origin));
      connection.close(CLOSE_CODES.normal, 'signed out');
    }
  },
  moderated: (hub, event) => {
    const { result } = event;
    // The member concerned (wherever they are) and everyone in the room, whose member lists show mutes and roles.
    const audience = new Set(hub.registry.subscribersOf(result.room_id));
    for (const connection of hub.registry.connectionsOf(event.userId)) {
      const silenced = connection.actor?.silenced;
      if (result.action === 'mute' && result.until) silenced?.set(result.room_id, silencedUntilMs(result.until));
      if (result.action === 'unmute') silenced?.delete(result.room_id);
      audience.add(connection);
    }
    for (const connection of audience) reply(connection, 'moderated', result, requestIdFor(connection, event.origin));
  },
  user_role: (hub, event) => {
    const update = { user_id: event.userId, nickname: event.nickname, role: event.role };
    if (event.role === 'deactivated') {
      hub.revocations.deactivate(event.userId);
      for (const sessionId of event.sessionIds) hub.revocations.add(sessionId);
    } else hub.revocations.reactivate(event.userId);
    for (const connection of [...hub.registry.connectionsOf(event.userId)]) {
      if (connection.actor) connection.actor.role = event.role;
      connection.send('user_updated', update);
      if (event.role === 'deactivated') connection.close(CLOSE_CODES.accountDeactivated, 'account deactivated');
    }
  },
};

export function applyBusEvent(hub: HubParts, event: BusEvent): void {
  (busEventHandlers[event.type] as Handler<BusEventType>)(hub, event);
}
