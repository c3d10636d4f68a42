import { memo } from 'preact/compat';
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../../protocol/message.js';
import { exactTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { renderMarkdown } from '../markdown.js';
import { powerOver } from '../moderation.js';
import { nicknameOf } from '../people.js';
import { countRender } from '../render-count.js';
import { findRoom } from '../rooms-store.js';
import type { PendingMessage } from '../store.js';
import { useSelector, useSession } from '../use-chat.js';
import { Attachments, PreviewCard } from './attachments.js';
import { Avatar } from './avatar.js';
import { DeleteMessageDialog } from './delete-message-dialog.js';
import { EmojiPicker } from './emoji-picker.js';
import { MessageActions, type MessageCommands } from './message-actions.js';
import { focusComposer, MessageEditor } from './message-editor.js';
import { MessageState } from './message-state.js';
import { MessageVersionsDialog } from './message-versions-dialog.js';
import { MuteDialog } from './mute-dialog.js';
import { ReactionChips } from './reaction-chips.js';
import { RelativeTime } from './relative-time.js';
import { ReplyQuote } from './reply-quote.js';

interface Props {
  roomId: number;
  nickname: string;
  content: string;
  datetime?: string;
  own: boolean;
  /** Same author as the message above, moments later: no avatar or name. */
  compact: boolean;
  /** A stored message (absent for a pending one). */
  message?: ChatMessage;
  pending?: PendingMessage;
  /** Opened by its address. */
  highlighted?: boolean;
}

/** A finger held this long on a message opens its actions (as on every phone messenger). */
const LONG_PRESS_MS = 500;

/** Opens the actions menu when a touch stays put on the message for LONG_PRESS_MS. */
function useLongPress(onLongPress: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancel = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  return {
    onPointerDown: (event: PointerEvent) => {
      if (event.pointerType !== 'touch' || (event.target as HTMLElement).closest('button, a, textarea')) return;
      cancel();
      timer.current = setTimeout(onLongPress, LONG_PRESS_MS);
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onPointerMove: cancel,
  };
}

/**
 * One message (re-rendered only when its own props change: a new message below leaves the others
 * alone). Everything user-written is a text child, never markup. Stored messages carry their
 * actions (the ⋯ menu: on hover or focus, always on touch screens, or a long press); a pending one
 * says how it is going; a deleted one is a tombstone.
 */
export const MessageItem = memo(function MessageItem({
  roomId,
  nickname,
  content,
  datetime,
  own,
  compact,
  message,
  pending,
  highlighted,
}: Props) {
  countRender('MessageItem');
  const session = useSession();
  const messageId = message?.message_id;
  const attachments = message?.attachments;
  const preview = message?.link_preview;
  const editing = useSelector((state) => messageId !== undefined && state.editing === messageId);
  const [menuOpen, setMenuOpen] = useState(false);
  const [dialog, setDialog] = useState<'delete' | 'mute' | 'versions' | null>(null);
  const [picking, setPicking] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const closePicker = useCallback(() => {
    setPicking(false);
    item.current?.querySelector<HTMLElement>('.actions-button')?.focus();
  }, []);
  const longPress = useLongPress(() => setMenuOpen(true));
  const onMenuChange = useCallback((open: boolean) => setMenuOpen(open), []);
  const deleted = message?.deleted === true;
  const me = useSelector((state) => state.user);
  // A moderator (the owner, or an admin) deletes others' messages and mutes their authors when of lower rank.
  const power = useSelector((state) => (message && !own ? powerOver(state, roomId, message.user_id) : 'none'));
  const mentionsMe = message !== undefined && (message.mentions_room === true || message.mentions?.includes(me?.user_id ?? 0) === true);
  // The names to mark, as one string: the item re-renders when one becomes known, not on every store change.
  const called = useSelector(
    (state) =>
      message?.mentions
        ?.map((id) => nicknameOf(state, roomId, id))
        .filter((name) => name !== undefined)
        .join('\u0000') ?? '',
  );
  const formatted = useMemo(
    () =>
      renderMarkdown(content, {
        names: called === '' ? [] : called.split('\u0000'),
        mine: me?.nickname ?? null,
        room: message?.mentions_room === true,
      }),
    [content, called, me, message?.mentions_room],
  );

  // An archived room is read-only: no reply, reaction, edit or own delete is offered (moderators still delete).
  const archived = useSelector((state) => findRoom(state.rooms, roomId)?.archived === true);
  const writable = !archived;
  const commands: MessageCommands =
    message && !deleted
      ? {
          ...(writable
            ? {
                reply: () => {
                  session.changes.replyTo(message);
                  focusComposer();
                },
                react: () => setPicking(true),
              }
            : {}),
          ...(own && writable ? { edit: () => session.changes.startEditing(message.message_id) } : {}),
          ...(own && message.edited_at
            ? {
                versions: () => {
                  session.changes.showVersions(message.message_id);
                  setDialog('versions');
                },
              }
            : {}),
          ...((own && writable) || power !== 'none' ? { remove: () => setDialog('delete') } : {}),
          ...(power === 'delete-mute' ? { mute: () => setDialog('mute') } : {}),
        }
      : {};
  const classes = [
    'message',
    compact && 'compact',
    own && 'own',
    highlighted && 'highlighted',
    deleted && 'deleted',
    mentionsMe && !deleted && 'mentions-me',
    pending && `pending pending-${pending.state}`,
  ]
    .filter(Boolean)
    .join(' ');
  const time = datetime && (
    <time dateTime={datetime} title={exactTime(datetime)}>
      <RelativeTime datetime={datetime} />
    </time>
  );
  let body = content === '' ? null : <div class="message-text">{formatted}</div>;
  if (deleted) body = <p class="message-text tombstone">{t('message.deleted')}</p>;
  else if (editing && messageId !== undefined) body = <MessageEditor messageId={messageId} content={content} />;
  return (
    <li ref={item} class={classes} data-message-id={messageId} data-seq={message?.seq} data-pending={pending?.state} {...longPress}>
      {compact ? <span class="gutter">{time}</span> : <Avatar nickname={nickname} />}
      <div class="message-body">
        {!compact && (
          <div class="message-meta">
            <span class="message-author">{nickname}</span>
            {time}
          </div>
        )}
        {compact && <span class="visually-hidden">{nickname}: </span>}
        {mentionsMe && !deleted && <span class="visually-hidden">{t('message.mentionsYou')}: </span>}
        {message?.reply_to && !deleted && <ReplyQuote roomId={roomId} quote={message.reply_to} />}
        {body}
        {attachments && attachments.length > 0 && !deleted && <Attachments items={attachments} />}
        {preview && !deleted && (
          <PreviewCard
            preview={preview}
            {...(own && messageId !== undefined ? { onDismiss: () => session.dismissPreview(messageId) } : {})}
          />
        )}
        {message?.edited_at && !deleted && !editing && (
          <span class="message-edited" title={t('message.editedAt', { time: exactTime(message.edited_at) })}>
            {t('message.edited')}
          </span>
        )}
        {message?.reactions && !deleted && (
          <ReactionChips
            roomId={roomId}
            messageId={message.message_id}
            reactions={message.reactions}
            onAdd={() => setPicking(true)}
            readOnly={!writable}
          />
        )}
        {picking && message && (
          <EmojiPicker
            onPick={(emoji) => {
              session.changes.addReaction(message.message_id, emoji);
              closePicker();
            }}
            onClose={closePicker}
          />
        )}
        {pending && <MessageState roomId={roomId} pending={pending} />}
      </div>
      {message && !editing && (
        <MessageActions
          roomId={roomId}
          seq={message.seq}
          content={message.content}
          commands={commands}
          open={menuOpen}
          onOpenChange={onMenuChange}
        />
      )}
      {dialog === 'versions' && message && (
        <MessageVersionsDialog current={message.content} editedAt={message.edited_at} onClose={() => setDialog(null)} />
      )}
      {dialog === 'delete' && messageId !== undefined && (
        <DeleteMessageDialog messageId={messageId} moderating={own ? undefined : { roomId }} onClose={() => setDialog(null)} />
      )}
      {dialog === 'mute' && message && (
        <MuteDialog roomId={roomId} user={{ user_id: message.user_id, nickname }} onClose={() => setDialog(null)} />
      )}
    </li>
  );
});
