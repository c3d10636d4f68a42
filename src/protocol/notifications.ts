/** How much a room may interrupt its member. */
export type NotifyLevel = 'all' | 'mentions' | 'nothing';
export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'nothing'];

/** `muted_until` for "until I unmute". */
export const MUTED_FOREVER = 'forever';

/** What a push or a desktop notification carries: at most about 3 KiB once encrypted. */
export interface NotificationPayload {
  title: string;
  /** The first NOTIFICATION_BODY_LENGTH characters of the message. */
  body: string;
  room_id: number;
  message_id: number;
  /** The page address that opens the room at the message. */
  url: string;
}

export const NOTIFICATION_BODY_LENGTH = 140;

/** The first NOTIFICATION_BODY_LENGTH characters (code points, so no surrogate pair is cut). */
export const notificationBody = (content: string): string => [...content].slice(0, NOTIFICATION_BODY_LENGTH).join('');

/** The message calls this member: by name, or @room. */
export const mentionsUser = (message: { mentions?: number[]; mentions_room?: true }, userId: number): boolean =>
  message.mentions_room === true || (message.mentions ?? []).includes(userId);

export interface NotifyInput {
  roomKind: 'public' | 'private' | 'dm' | 'group';
  /** The member's chosen level; null for the default of the room's kind. */
  level: NotifyLevel | null;
  /** ISO time, MUTED_FOREVER, or null. */
  mutedUntil: string | null;
  /** The message names the member or says @room. */
  mentioned: boolean;
  /** The member wrote it. */
  own: boolean;
}

/** DMs and group DMs are conversations with you: every message; elsewhere only what calls you by name. */
export function defaultLevel(roomKind: NotifyInput['roomKind']): NotifyLevel {
  return roomKind === 'dm' || roomKind === 'group' ? 'all' : 'mentions';
}

export function isMuted(mutedUntil: string | null, now: number): boolean {
  return mutedUntil !== null && (mutedUntil === MUTED_FOREVER || Date.parse(mutedUntil) > now);
}

/**
 * The one rule for whether a message interrupts a member, shared by the
 * server (Web Push) and the page (desktop notifications): never for one's own
 * message; `nothing` never; a muted room only when it calls you by name;
 * otherwise by level.
 */
export function shouldNotify(input: NotifyInput, now = Date.now()): boolean {
  if (input.own) return false;
  const level = input.level ?? defaultLevel(input.roomKind);
  if (level === 'nothing') return false;
  if (isMuted(input.mutedUntil, now)) return input.mentioned;
  return level === 'all' || input.mentioned;
}
