import type { ErrorCode } from '../protocol/errors.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { applyModerated } from './moderation.js';
import { RequestsInFlight } from './requests.js';
import type { Store } from './store.js';

/** The mute lengths the page offers (ms); null lasts until a moderator unmutes. */
export const MUTE_CHOICES = [10 * 60_000, 60 * 60_000, 24 * 60 * 60_000, null] as const;
export type MuteChoice = (typeof MUTE_CHOICES)[number];

/**
 * A moderator's actions in a room (`moderate`): delete someone's message, mute or unmute a member, and the
 * owner's: name or unname a moderator. Nothing
 * changes here ahead of the server: a tombstone arrives as a `send` frame, a mute as `moderated`, which
 * also reaches the member muted (their page then knows why their messages are refused).
 */
export class Moderation {
  private readonly requests: RequestsInFlight;

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
    /** A refusal (or no connection), said to the person. */
    refused: (code: ErrorCode | 'offline') => void,
  ) {
    this.requests = new RequestsInFlight(store, connection, refused);
  }

  deleteMessage(roomId: number, messageId: number): void {
    this.submit((request_id) =>
      this.connection.send('moderate', { request_id, room_id: roomId, action: 'delete_message', message_id: messageId }),
    );
  }

  mute(roomId: number, userId: number, lasting: MuteChoice): void {
    const until = lasting === null ? 'forever' : new Date(Date.now() + lasting).toISOString();
    this.submit((request_id) => this.connection.send('moderate', { request_id, room_id: roomId, action: 'mute', user_id: userId, until }));
  }

  unmute(roomId: number, userId: number): void {
    this.submit((request_id) => this.connection.send('moderate', { request_id, room_id: roomId, action: 'unmute', user_id: userId }));
  }

  setRoomRole(roomId: number, userId: number, role: 'moderator' | 'member'): void {
    this.submit((request_id) =>
      this.connection.send('moderate', { request_id, room_id: roomId, action: 'set_room_role', user_id: userId, role }),
    );
  }

  /** The answer to one of these, or a change made to me (a mute, a room role): the held member list follows. */
  onModerated(payload: ServerPayloads['moderated']): void {
    this.requests.answered(payload.request_id);
    this.store.update((state) => {
      const held = state.members[payload.room_id];
      const members = held && applyModerated(held, payload);
      return !members || members === held ? state : { ...state, members: { ...state.members, [payload.room_id]: members } };
    });
  }

  /** Returns whether the `error` answered one of these (and says why). */
  failed(requestId: string | undefined, code: ErrorCode): boolean {
    return this.requests.failed(requestId, code);
  }

  abandon(): void {
    this.requests.abandon();
  }

  private submit(send: (requestId: string) => boolean): void {
    this.requests.submit(send);
  }
}
