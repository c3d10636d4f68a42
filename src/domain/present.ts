import type { Attachment, ChatMessage, LinkPreview, Reaction, ReplyPreview } from '../protocol/message.js';
import { defaultLevel, MUTED_FOREVER } from '../protocol/notifications.js';
import type { RoomMemberRef, RoomSummary } from '../protocol/rooms.js';
import type { MessageRow } from '../storage/messages.js';
import type { MembershipRow } from '../storage/rooms.js';

/** The one place a stored message becomes the protocol's message object; optional fields only when they say something. */
export function presentMessage(
  row: MessageRow,
  reactions: Reaction[] = [],
  attachments: Attachment[] = [],
  preview?: LinkPreview,
): ChatMessage {
  const message: ChatMessage = {
    message_id: row.id,
    room_id: row.room_id,
    seq: row.seq,
    rev: row.rev,
    user_id: row.user_id,
    nickname: row.nickname,
    content: row.content,
    datetime: row.created_at.toISOString(),
  };
  if (row.client_id !== null) message.client_id = row.client_id;
  if (row.deleted_at !== null) message.deleted = true;
  if (row.edited_at !== null) message.edited_at = row.edited_at.toISOString();
  if (reactions.length > 0) message.reactions = reactions;
  if (row.reply_to_id !== null) {
    message.reply_to = {
      message_id: row.reply_to_id,
      user_id: row.reply_user_id ?? 0,
      nickname: row.reply_nickname ?? '',
      preview: row.reply_preview ?? '',
    };
    if (row.reply_deleted) message.reply_to.deleted = true;
  }
  if (row.mentions && row.mentions.length > 0) message.mentions = row.mentions.map(Number);
  if (row.mentions_room) message.mentions_room = true;
  if (attachments.length > 0 && row.deleted_at === null) message.attachments = attachments;
  if (preview && row.deleted_at === null && !row.preview_dismissed) message.link_preview = preview;
  return message;
}

/** A message row built from known parts (a new message just committed, a room's last message) rather than read whole. */
export function newMessageRow(
  fields: Pick<MessageRow, 'id' | 'room_id' | 'seq' | 'rev' | 'user_id' | 'nickname' | 'content' | 'client_id' | 'created_at'>,
  extras: { replyTo: ReplyPreview | null; mentions: number[]; mentionsRoom: boolean },
  life: Pick<MessageRow, 'edited_at' | 'deleted_at'> = { edited_at: null, deleted_at: null },
): MessageRow {
  return {
    ...fields,
    ...life,
    mentions: extras.mentions.length > 0 ? extras.mentions : null,
    mentions_room: extras.mentionsRoom,
    reply_to_id: extras.replyTo?.message_id ?? null,
    reply_user_id: extras.replyTo?.user_id ?? null,
    reply_nickname: extras.replyTo?.nickname ?? null,
    reply_preview: extras.replyTo?.preview ?? null,
    reply_deleted: extras.replyTo?.deleted ?? null,
    preview_url: null,
    preview_dismissed: false,
  };
}

/** A room as one viewer sees it; DMs are named after the other people in them. */
export function presentRoom(row: MembershipRow, viewerId: number, members: RoomMemberRef[] | undefined): RoomSummary {
  const isDirect = row.kind === 'dm' || row.kind === 'group';
  const others = members?.filter((member) => member.user_id !== viewerId) ?? [];
  const summary: RoomSummary = {
    room_id: row.id,
    kind: row.kind,
    name: isDirect && row.name === '' ? others.map((member) => member.nickname).join(', ') || row.name : row.name,
    topic: row.topic,
    owner_id: row.owner_id,
    last_seq: row.last_seq,
    last_rev: row.last_rev,
    read_seq: Math.min(row.last_read_seq, row.last_seq),
    unread: Math.max(0, row.last_seq - row.last_read_seq),
    mention_count: Number(row.mention_count),
    notify_level: row.notify_level ?? defaultLevel(row.kind),
    muted_until: presentMutedUntil(row.muted_until),
    ...(row.archived_at === null ? {} : { archived: true as const }),
    last_message:
      row.last_message_id === null
        ? null
        : presentMessage(
            newMessageRow(
              {
                id: row.last_message_id,
                room_id: row.id,
                seq: row.last_seq,
                rev: row.last_message_rev as number,
                user_id: row.last_message_user_id as number,
                nickname: row.last_message_nickname as string,
                content: row.last_message_content as string,
                client_id: row.last_message_client_id,
                created_at: row.last_message_at as Date,
              },
              { replyTo: null, mentions: [], mentionsRoom: false },
              { edited_at: row.last_message_edited_at, deleted_at: row.last_message_deleted_at },
            ),
          ),
  };
  if (isDirect && members) summary.members = members;
  return summary;
}

/** A mute as the protocol shows it: null, "forever", or an ISO time in UTC. */
export function presentMutedUntil(stored: string | null): string | null {
  return stored === null || stored === MUTED_FOREVER ? stored : new Date(stored).toISOString();
}
