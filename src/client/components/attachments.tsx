import { useState } from 'preact/hooks';
import type { Attachment, LinkPreview } from '../../protocol/message.js';
import { fileSize } from '../format.js';
import { t } from '../i18n/translate.js';
import { Modal } from './modal.js';

/** The box a thumbnail is drawn in: the image's own proportions within 320×240, known before it loads (no layout shift). */
export function fitBox(width: number, height: number, maxWidth = 320, maxHeight = 240): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A message's files: images as thumbnails that open a lightbox, everything else as a card to download. */
export function Attachments({ items }: { items: Attachment[] }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  return (
    <div class="attachments">
      {items.map((item) =>
        item.thumb_url && item.width && item.height ? (
          <button
            key={item.file_id}
            type="button"
            class="thumbnail"
            aria-label={t('files.open', { name: item.name })}
            onClick={() => setOpen(item)}
          >
            <img src={item.thumb_url} alt={item.name} {...fitBox(item.width, item.height)} loading="lazy" decoding="async" />
          </button>
        ) : (
          <a key={item.file_id} class="file-card" href={item.url} download={item.name}>
            <span class="file-icon" aria-hidden="true">
              📄
            </span>
            <span class="file-name">{item.name}</span>
            <span class="file-size">{fileSize(item.size)}</span>
            <span class="file-download">{t('files.download')}</span>
          </a>
        ),
      )}
      {open && (
        <Modal title={open.name} onClose={() => setOpen(null)}>
          <figure class="lightbox">
            <img src={open.url} alt={t('files.image', { name: open.name })} {...fitBox(open.width ?? 1, open.height ?? 1, 1600, 1200)} />
            <figcaption>
              <a href={open.url} download={open.name} data-autofocus>
                {t('files.download')}
              </a>{' '}
              <span class="file-size">{fileSize(open.size)}</span>
            </figcaption>
          </figure>
        </Modal>
      )}
    </div>
  );
}

/** What the server found at the message's first link; every field is text. The author may remove it. */
export function PreviewCard({ preview, onDismiss }: { preview: LinkPreview; onDismiss?: () => void }) {
  return (
    <div class="link-preview">
      {preview.image_url && preview.image_width && preview.image_height && (
        <img src={preview.image_url} alt="" {...fitBox(preview.image_width, preview.image_height, 120, 90)} loading="lazy" />
      )}
      <div class="link-preview-text">
        {preview.site_name && <span class="link-preview-site">{preview.site_name}</span>}
        <a href={preview.url} target="_blank" rel="noopener noreferrer nofollow" class="link-preview-title">
          {preview.title ?? preview.url}
        </a>
        {preview.description && <p class="link-preview-description">{preview.description}</p>}
      </div>
      {onDismiss && (
        <button type="button" class="icon-button" aria-label={t('preview.dismiss')} onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
