import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../error-text.js';
import { fileSize } from '../format.js';
import { t } from '../i18n/translate.js';
import type { UploadItem, Uploads } from '../uploads.js';

/** The room's files on their way: a progress bar each, and a button to take one back. */
export function UploadList({ uploads, roomId }: { uploads: Uploads; roomId: number }) {
  const [items, setItems] = useState<UploadItem[]>(() => uploads.items(roomId));
  const [waiting, setWaiting] = useState(() => uploads.isWaiting(roomId));
  useEffect(() => {
    const sync = () => {
      setItems(uploads.items(roomId));
      setWaiting(uploads.isWaiting(roomId));
    };
    sync();
    return uploads.subscribe(sync);
  }, [uploads, roomId]);
  if (items.length === 0) return null;
  return (
    <div class="upload-list">
      <ul>
        {items.map((item) => (
          <li key={item.key} class={`upload upload-${item.state}`} data-upload-state={item.state}>
            <span class="upload-name">{item.name}</span> <span class="upload-size">{fileSize(item.size)}</span>
            {item.state === 'failed' ? (
              <span class="form-error" role="alert">
                {t('files.failed', {
                  name: item.name,
                  why: item.error === 'too_large' ? t('files.tooLarge') : errorText(item.error ?? ''),
                })}
              </span>
            ) : (
              <progress max={1} value={item.progress} aria-label={t('files.uploading', { name: item.name })} />
            )}
            <button
              type="button"
              class="icon-button"
              aria-label={t('files.cancel', { name: item.name })}
              onClick={() => uploads.cancel(roomId, item.key)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {waiting && <p class="message-state">{t('files.waiting')}</p>}
    </div>
  );
}
