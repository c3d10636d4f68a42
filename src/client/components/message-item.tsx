import type { Attachment, LinkPreview } from '../../protocol/message.js';
import { errorText } from '../error-text.js';
import { exactTime } from '../format.js';
import { t } from '../i18n/translate.js';
import { countRender } from '../render-count.js';
import type { PendingMessage } from '../store.js';
import { useSession } from '../use-chat.js';
import { Attachments, PreviewCard } from './attachments.js';
import { Avatar } from './avatar.js';
import { MessageActions } from './message-actions.js';
import { RelativeTime } from './relative-time.js';

interface Props {
  roomId: number;
  nickname: string;
  content: string;
  datetime?: string;
  own: boolean;
  /** Same author as the message above, moments later: no avatar or name. */
  compact: boolean;
  messageId?: number;
  seq?: number;
  pending?: PendingMessage;
  /** Opened by its address. */
  highlighted?: boolean;
  attachments?: Attachment[] | undefined;
  preview?: LinkPreview | undefined;
}

/**
 * One message. Everything user-written is a text child, never markup. Stored messages carry their
 * actions (the ⋯ menu: on hover or focus, always on touch screens); a pending one says how it is going.
 */
export function MessageItem(props: Props) {
  const { roomId, nickname, content, datetime, own, compact, messageId, seq, pending, highlighted, attachments, preview } = props;
  countRender('MessageItem');
  const session = useSession();
  const classes = [
    'message',
    compact && 'compact',
    own && 'own',
    highlighted && 'highlighted',
    pending && `pending pending-${pending.state}`,
  ]
    .filter(Boolean)
    .join(' ');
  const time = datetime && (
    <time dateTime={datetime} title={exactTime(datetime)}>
      <RelativeTime datetime={datetime} />
    </time>
  );
  return (
    <li class={classes} data-message-id={messageId} data-seq={seq} data-pending={pending?.state}>
      {compact ? <span class="gutter">{time}</span> : <Avatar nickname={nickname} />}
      <div class="message-body">
        {!compact && (
          <div class="message-meta">
            <span class="message-author">{nickname}</span>
            {time}
          </div>
        )}
        {compact && <span class="visually-hidden">{nickname}: </span>}
        {content !== '' && <p class="message-text">{content}</p>}
        {attachments && attachments.length > 0 && <Attachments items={attachments} />}
        {preview && (
          <PreviewCard
            preview={preview}
            {...(own && messageId !== undefined ? { onDismiss: () => session.dismissPreview(messageId) } : {})}
          />
        )}
        {pending?.state === 'sending' && <p class="message-state">{t('message.sending')}</p>}
        {pending?.state === 'failed' && (
          <p class="message-state failed" role="alert">
            {t('message.notSent', { why: errorText(pending.error, 'message') })}{' '}
            <button type="button" class="link" onClick={() => session.outbox.retry(pending.client_id)}>
              {t('message.retry')}
            </button>{' '}
            <button type="button" class="link" onClick={() => session.outbox.discard(pending.client_id)}>
              {t('message.discard')}
            </button>
          </p>
        )}
      </div>
      {seq !== undefined && <MessageActions roomId={roomId} seq={seq} content={content} />}
    </li>
  );
}
