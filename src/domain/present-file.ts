import type { Attachment, LinkPreview } from '../protocol/message.js';
import type { PreviewRow } from '../storage/link-previews.js';
import type { UploadRow } from '../storage/uploads.js';

/** Where a file is served: /files/<id>/<name> (the name is for the reader and for saving; access is by id). */
export const fileUrl = (row: Pick<UploadRow, 'id' | 'name'>) => `/files/${row.id}/${encodeURIComponent(row.name)}`;
export const thumbUrl = (id: string) => `/files/thumbs/${id}.webp`;

export const previewImageUrl = (sha256: string) => `/files/previews/${sha256}.webp`;

/** A cached link preview as messages carry it; absent fields say nothing was found. */
export function presentPreview(row: PreviewRow): LinkPreview {
  const preview: LinkPreview = { url: row.url };
  if (row.title) preview.title = row.title;
  if (row.description) preview.description = row.description;
  if (row.site_name) preview.site_name = row.site_name;
  if (row.image_sha256 && row.image_width && row.image_height) {
    preview.image_url = previewImageUrl(row.image_sha256);
    preview.image_width = row.image_width;
    preview.image_height = row.image_height;
  }
  return preview;
}

/** The one place a stored upload becomes the protocol's attachment object. */
export function presentAttachment(row: UploadRow): Attachment {
  const attachment: Attachment = { file_id: row.id, name: row.name, size: row.size, mime: row.mime, url: fileUrl(row) };
  if (row.width !== null && row.height !== null) {
    attachment.width = row.width;
    attachment.height = row.height;
    attachment.thumb_url = thumbUrl(row.id);
  }
  return attachment;
}
