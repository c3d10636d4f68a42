import { sql } from 'kysely';

/**
 * The format's name and version: the first line of every export. Version 2 added uploads, link previews
 * and a message's preview fields (and the FILE.files directory); import reads version 1 too. A room line
 * carries `archived_at` since migration 008; an older file's rooms import as not archived.
 */
export const EXPORT_HEADER = { type: 'cerulean-chalice-export', version: 2 } as const;
export const IMPORTABLE_VERSIONS: readonly number[] = [1, 2];

/**
 * What each line type holds, in the order the file holds them; within a type, lines are in primary-key
 * order. Timestamps are PostgreSQL's own JSON text (microseconds kept), so export → import → export gives
 * the same bytes. Never exported: password hashes, sessions, push subscriptions, the audit log, unattached
 * uploads. File bytes go beside the file (export-files.ts).
 */
export const EXPORT_TABLES = [
  { type: 'user', table: 'users', columns: 'id, nickname, role, created_at', order: 'id', scope: 'user' },
  {
    type: 'room',
    table: 'rooms',
    columns: 'id, kind, name, topic, owner_id, dm_key, last_seq, last_rev, created_at, archived_at',
    order: 'id',
    scope: 'room',
  },
  {
    type: 'member',
    table: 'room_members',
    columns: 'room_id, user_id, role, last_read_seq, joined_at, notify_level, muted_until, silenced_until',
    order: 'room_id, user_id',
    scope: 'room_id',
  },
  {
    type: 'message',
    table: 'messages',
    columns:
      'id, room_id, seq, rev, user_id, content, client_id, created_at, edited_at, deleted_at, reply_to_id, mentions, mentions_room, preview_url, preview_dismissed',
    order: 'room_id, seq',
    scope: 'room_id',
  },
  {
    type: 'reaction',
    table: 'reactions',
    columns: 'message_id, user_id, emoji, created_at',
    order: 'message_id, emoji, user_id',
    scope: 'message',
  },
  {
    type: 'version',
    table: 'message_versions',
    columns: 'message_id, version, content, created_at',
    order: 'message_id, version',
    scope: 'message',
  },
  {
    type: 'upload',
    table: 'uploads',
    columns: 'id, user_id, sha256, name, size, mime, width, height, message_id, position, created_at',
    // Text keys in bytewise order: the same on every server whatever its collation.
    order: 'id collate "C"',
    scope: 'attachment',
  },
  {
    type: 'link_preview',
    table: 'link_previews',
    columns: 'url, ok, title, description, site_name, image_sha256, image_width, image_height, fetched_at',
    order: 'url collate "C"',
    scope: 'preview',
  },
] as const;

export type Scope = (typeof EXPORT_TABLES)[number]['scope'];

/**
 * The rows of one room only: its users are its members, the authors of its messages and their reactions.
 * Uploads are exported only once attached (an unattached one is a draft, swept within a day), link
 * previews only where a message shows them (the rest is a cache).
 */
export function scopeFilter(scope: Scope, roomId: number | undefined) {
  const inRoom = roomId === undefined ? sql`true` : sql`room_id = ${roomId}`;
  if (scope === 'attachment') return sql`message_id in (select id from messages where ${inRoom})`;
  if (scope === 'preview') return sql`url in (select preview_url from messages where preview_url is not null and ${inRoom})`;
  if (roomId === undefined) return sql`true`;
  switch (scope) {
    case 'room':
      return sql`id = ${roomId}`;
    case 'room_id':
      return sql`room_id = ${roomId}`;
    case 'message':
      return sql`message_id in (select id from messages where room_id = ${roomId})`;
    case 'user':
      return sql`(id in (select user_id from room_members where room_id = ${roomId})
        or id in (select user_id from messages where room_id = ${roomId})
        or id in (select r.user_id from reactions r join messages m on m.id = r.message_id where m.room_id = ${roomId}))`;
  }
}
