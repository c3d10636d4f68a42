import { errorText } from '../error-text.js';
import { longTime, shortTime } from '../format.js';
import type { PendingMessage } from '../store.js';
import { Avatar } from './avatar.js';

interface Props {
  nickname: string;
  content: string;
  datetime?: string;
  own: boolean;
  /** Same author as the message above, moments later: no avatar or name. */
  compact: boolean;
  messageId?: number;
  seq?: number;
  pending?: PendingMessage;
  onRetry?: () => void;
  onDiscard?: () => void;
}

/** One message. Everything user-written is a text child, never markup. */
export function MessageItem({ nickname, content, datetime, own, compact, messageId, seq, pending, onRetry, onDiscard }: Props) {
  const classes = ['message', compact && 'compact', own && 'own', pending && `pending pending-${pending.state}`].filter(Boolean).join(' ');
  return (
    <li class={classes} data-message-id={messageId} data-seq={seq} data-pending={pending?.state}>
      {compact ? (
        <span class="gutter">
          {datetime && (
            <time dateTime={datetime} title={longTime(datetime)}>
              {shortTime(datetime)}
            </time>
          )}
        </span>
      ) : (
        <Avatar nickname={nickname} />
      )}
      <div class="message-body">
        {!compact && (
          <div class="message-meta">
            <span class="message-author">{nickname}</span>
            {datetime && (
              <time dateTime={datetime} title={longTime(datetime)}>
                {shortTime(datetime)}
              </time>
            )}
          </div>
        )}
        <p class="message-text">{content}</p>
        {pending?.state === 'sending' && <p class="message-state">Sending…</p>}
        {pending?.state === 'failed' && (
          <p class="message-state failed" role="alert">
            Not sent: {errorText(pending.error)}{' '}
            <button type="button" class="link" onClick={onRetry}>
              Retry
            </button>{' '}
            <button type="button" class="link" onClick={onDiscard}>
              Discard
            </button>
          </p>
        )}
      </div>
    </li>
  );
}
