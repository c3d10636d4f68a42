import type { ChatMessage } from '../protocol/message.js';
import type { RoomMemberRef, RoomSummary } from '../protocol/rooms.js';
import type { MessageRow } from '../storage/messages.js';
import type { MembershipRow } from '../storage/rooms.js';

/** The one place a stored message becomes the protocol's message object. */
export function presentMessage(row: MessageRow): ChatMessage {
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
  return message;
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
    last_message:
      row.last_message_id === null
        ? null
        : presentMessage({
            id: row.last_message_id,
            room_id: row.id,
            seq: row.last_seq,
            rev: row.last_message_rev as number,
            user_id: row.last_message_user_id as number,
            nickname: row.last_message_nickname as string,
            content: row.last_message_content as string,
            client_id: row.last_message_client_id,
            created_at: row.last_message_at as Date,
          }),
  };
  if (isDirect && members) summary.members = members;
  return summary;
}
